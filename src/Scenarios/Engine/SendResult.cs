using LoadTest.Scenarios.Measurement;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// What one logical request did, as an <see cref="IRequestSender"/> reports it. Times are measured
/// from the moment the sender was called. Small and per-request; the engine folds it into
/// aggregates and one CSV row and lets it go.
/// </summary>
public sealed record SendResult
{
    /// <summary>ok | throttled | unavailable | validation | timeout | model-error | client-error.</summary>
    public required string Outcome { get; init; }

    public string? ErrorCode { get; init; }

    public int? HttpStatus { get; init; }

    public int Attempts { get; init; } = 1;

    public int ThrottledAttempts { get; init; }

    public TimeSpan? FirstByte { get; init; }

    public TimeSpan? FirstToken { get; init; }

    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    public int CacheReadTokens { get; init; }

    public int CacheWriteTokens { get; init; }

    public string? InferenceRegion { get; init; }

    public string? RequestId { get; init; }

    /// <summary>Time spent waiting in a retry profile's client-side rate limiter; null when not measured (the dotnet profile).</summary>
    public TimeSpan? LimiterWait { get; init; }

    /// <summary>
    /// When each text delta of a stream arrived, from the call's start (null for non-streaming
    /// calls); the inter-token gaps are the differences.
    /// </summary>
    public IReadOnlyList<TimeSpan>? DeltaArrivals { get; init; }

    /// <summary>First delta the application can show or act on (text or tool input, after any thinking); the whole response for non-streaming calls.</summary>
    public TimeSpan? FirstVisibleToken { get; init; }

    /// <summary>Thinking tokens in the answer (included in <see cref="OutputTokens"/>); null when it had no thinking.</summary>
    public int? ThinkingTokens { get; init; }

    /// <summary>Tool calls in the answer.</summary>
    public int ToolCalls { get; init; }

    /// <summary>Embedding vectors returned (embedding requests only).</summary>
    public int? Embeddings { get; init; }

    /// <summary>Why the answer ended (end_turn, tool_use, max_tokens...) when the response says.</summary>
    public string? StopReason { get; init; }

    /// <summary>The named steps the iteration timed (C# scenarios); null for a YAML workload's request.</summary>
    public IReadOnlyList<StepTiming>? Steps { get; init; }
}
