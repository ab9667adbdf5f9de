namespace LoadTest.Planner;

/// <summary>A load described by plain numbers instead of a run: rate and average tokens per request.</summary>
public sealed record DeclaredDemand
{
    public required double Rpm { get; init; }

    public required double InputTokens { get; init; }

    public required double OutputTokens { get; init; }

    public double CacheWriteTokens { get; init; }

    public double CacheReadTokens { get; init; }

    /// <summary>max_tokens per request; null = see <see cref="MaxTokensUnset"/>.</summary>
    public double? MaxTokens { get; init; }

    /// <summary>The requests send no max_tokens (<c>--max-tokens unset</c>): they reserve the model's maximum output by default.</summary>
    public bool MaxTokensUnset { get; init; }
}
