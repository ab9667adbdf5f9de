using LoadTest.Config;

namespace LoadTest.Scenarios.Engine;

/// <summary>One request the engine decided to send: which workload and its token sizes (sampled, or a replayed row's own).</summary>
public sealed record PlannedRequest
{
    private readonly int? _maxTokens;
    private readonly int? _cachedPrefixTokens;

    public long Id { get; init; }

    public required WorkloadSpec Workload { get; init; }

    /// <summary>Uncached input tokens the synthetic prompt is built to.</summary>
    public int InputTokens { get; init; }

    /// <summary>Output tokens asked for (already capped by maxTokens).</summary>
    public int OutputTokens { get; init; }

    /// <summary>The workload's maxTokens unless the request has its own (a replayed row); null = send none.</summary>
    public int? MaxTokens
    {
        get => _maxTokens ?? Workload.MaxTokens;
        init => _maxTokens = value;
    }

    /// <summary>The workload's cached prefix unless the request has its own (a replayed row's cache-read + cache-write tokens).</summary>
    public int CachedPrefixTokens
    {
        get => _cachedPrefixTokens ?? Workload.CachedPrefixTokens;
        init => _cachedPrefixTokens = value;
    }

    /// <summary>The session this request is a turn of (null for single-turn workloads).</summary>
    public long? SessionId { get; init; }

    /// <summary>1-based turn within its session (1 for single-turn requests).</summary>
    public int Turn { get; init; } = 1;

    /// <summary>Thinking tokens the request is steered to produce (0 without thinking).</summary>
    public int ThinkingTokens { get; init; }
}
