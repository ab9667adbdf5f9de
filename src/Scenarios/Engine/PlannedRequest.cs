using LoadTest.Config;

namespace LoadTest.Scenarios.Engine;

/// <summary>One request the engine decided to send: which workload and the sampled token sizes.</summary>
public sealed record PlannedRequest
{
    public long Id { get; init; }

    public required WorkloadSpec Workload { get; init; }

    /// <summary>Uncached input tokens the synthetic prompt is built to.</summary>
    public int InputTokens { get; init; }

    /// <summary>Output tokens asked for (already capped by maxTokens).</summary>
    public int OutputTokens { get; init; }

    public int MaxTokens => Workload.MaxTokens;

    public int CachedPrefixTokens => Workload.CachedPrefixTokens;
}
