namespace LoadTest.Core.Quotas;

/// <summary>
/// How many quota tokens one output token costs. Bedrock applies 5 to Anthropic Claude 3.7 and
/// later (Sonnet 4/4.5/4.6, Opus 4/4.5/4.6, Haiku 4.5) and 1 to every other model.
/// </summary>
public static class BurndownRate
{
    public const int Default = 1;
    public const int ClaudeLatest = 5;

    /// <summary>The burndown for a model or inference-profile ID, when the config does not say.</summary>
    public static int For(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var id = modelId.ToLowerInvariant();
        if (!id.Contains("anthropic.claude", StringComparison.Ordinal))
        {
            return Default;
        }

        string[] fiveX =
        [
            "claude-3-7", "claude-sonnet-4", "claude-opus-4", "claude-haiku-4",
        ];
        return fiveX.Any(id.Contains) ? ClaudeLatest : Default;
    }
}
