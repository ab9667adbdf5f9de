namespace LoadTest.Planner;

/// <summary>A load described by plain numbers instead of a run: rate and average tokens per request.</summary>
public sealed record DeclaredDemand
{
    public required double Rpm { get; init; }

    public required double InputTokens { get; init; }

    public required double OutputTokens { get; init; }

    public double CacheWriteTokens { get; init; }

    public double CacheReadTokens { get; init; }

    /// <summary>max_tokens per request; null = reserve what the request outputs.</summary>
    public double? MaxTokens { get; init; }
}
