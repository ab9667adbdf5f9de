using System.Globalization;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Routing;

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

    /// <summary>The body's requestMetadata (Converse and ConverseStream; InvokeModel has none), for the invocation log.</summary>
    public Dictionary<string, string>? RequestMetadata { get; set; }

    /// <summary>Claude thinking as the body asked for it; null when off (or the model has no thinking).</summary>
    public ThinkingRequest? Thinking { get; set; }

    /// <summary>The tools the body declares, in order; empty when none.</summary>
    public IReadOnlyList<DeclaredTool> Tools { get; set; } = [];

    public ToolChoice ToolChoice { get; set; }

    /// <summary>The tool <see cref="ToolChoice.Tool"/> names.</summary>
    public string? ChosenTool { get; set; }

    /// <summary>What an embedding request asked for (Cohere Embed); null for a text model.</summary>
    public EmbeddingInput? Embedding { get; set; }

    /// <summary>
    /// Bedrock's ValidationException when the prompt has more tokens than the model's context
    /// window (the text Claude on Bedrock returns through Converse and InvokeModel alike), else null.
    /// </summary>
    public string? CheckContextWindow(EmulatedModel model) => Scan.Tokens <= model.ContextWindow
        ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"The model returned the following errors: prompt is too long: {Scan.Tokens} tokens > {model.ContextWindow} maximum");
}
