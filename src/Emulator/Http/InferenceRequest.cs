using LoadTest.Emulator.Caching;

namespace LoadTest.Emulator.Http;

/// <summary>
/// A request body decoded into the shape every operation shares: the walk over its prompt text
/// (tokens, cache points, output steering) and the output cap. The operation's own JSON is not kept.
/// </summary>
internal sealed class InferenceRequest
{
    public PromptScan Scan { get; } = new();

    /// <summary>The output cap: the body's maxTokens / max_tokens, or the emulator's default.</summary>
    public int MaxTokens { get; set; }
}
