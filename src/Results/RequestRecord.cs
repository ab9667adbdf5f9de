namespace LoadTest.Results;

/// <summary>
/// One row of the per-request file (<see cref="RequestsCsv"/>): one scheduled request and its single final outcome. Times are
/// milliseconds since the run's start; latency counts from <see cref="ScheduledMs"/> (the intended
/// start), so waiting for a free slot is part of what the user felt. No prompt text, no credentials.
/// </summary>
public sealed record RequestRecord
{
    public long Id { get; init; }

    public double ScheduledMs { get; init; }

    /// <summary>Null for a dropped request.</summary>
    public double? StartedMs { get; init; }

    public double? FirstByteMs { get; init; }

    public double? FirstTokenMs { get; init; }

    public double? EndedMs { get; init; }

    public int Phase { get; init; }

    public string Workload { get; init; } = "";

    public string Model { get; init; } = "";

    /// <summary>converse | converse-stream | invoke | invoke-stream</summary>
    public string Api { get; init; } = "";

    /// <summary>ok | throttled | unavailable | validation | timeout | model-error | client-error | dropped</summary>
    public string Outcome { get; init; } = "";

    public string? ErrorCode { get; init; }

    public int? HttpStatus { get; init; }

    public int Attempts { get; init; }

    /// <summary>Attempts answered with a throttle.</summary>
    public int ThrottledAttempts { get; init; }

    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    public int CacheReadTokens { get; init; }

    public int CacheWriteTokens { get; init; }

    /// <summary>Input + cache write + output x burndown.</summary>
    public long QuotaTokens { get; init; }

    /// <summary>maxTokens the request sent; 0 = it sent none (the target holds the model's maximum output).</summary>
    public int MaxTokens { get; init; }

    public string? InferenceRegion { get; init; }

    public string? RequestId { get; init; }

    /// <summary>
    /// Milliseconds the request waited in the client-side rate limiter of its retry profile: part
    /// of what the user felt, never seen by the server. Null when not measured (the dotnet
    /// profile, where AWSSDK.Core's limiter waits out of sight, and runs before schema 3).
    /// </summary>
    public double? LimiterWaitMs { get; init; }

    /// <summary>The session this request is a turn of; null for a single-turn request (and runs before schema 4).</summary>
    public long? SessionId { get; init; }

    /// <summary>1-based turn within its session (1 for a single-turn request).</summary>
    public int Turn { get; init; } = 1;

    /// <summary>
    /// When the first token the application can show or act on arrived (text or tool input, after
    /// any thinking), ms since the run's start; null when not measured.
    /// </summary>
    public double? FirstVisibleTokenMs { get; init; }

    /// <summary>Thinking tokens of the answer, counted inside <see cref="OutputTokens"/>; null when it had no thinking.</summary>
    public int? ThinkingTokens { get; init; }

    /// <summary>Tool calls in the answer.</summary>
    public int ToolCalls { get; init; }

    /// <summary>Embedding vectors returned; null for a request that is not an embedding request.</summary>
    public int? Embeddings { get; init; }

    /// <summary>The service's word for why the answer ended (end_turn, tool_use, max_tokens...), never text of the answer.</summary>
    public string? StopReason { get; init; }

    /// <summary>Latency from the scheduled start, ms (null for dropped).</summary>
    public double? LatencyMs => EndedMs is { } e ? e - ScheduledMs : null;

    /// <summary>TTFT from the scheduled start, ms.</summary>
    public double? TtftMs => FirstTokenMs is { } f ? f - ScheduledMs : null;

    /// <summary>Time to first visible token from the scheduled start, ms.</summary>
    public double? TtfvtMs => FirstVisibleTokenMs is { } f ? f - ScheduledMs : null;

    /// <summary>Input tokens of every kind: full-price input, cache reads and cache writes.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long AllInputTokens => (long)InputTokens + CacheReadTokens + CacheWriteTokens;

    /// <summary>
    /// The quota tokens its thinking consumed: thinking tokens at the burndown the row's own quota
    /// tokens were settled at (the output's part, input + cache write + output x burndown minus the
    /// input parts, shared out over the output tokens); 0 for a row without thinking or consumption.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double ThinkingQuotaTokens => Consumed && ThinkingTokens is > 0 and var thinking && OutputTokens > 0
        ? Math.Max(0, QuotaTokens - InputTokens - CacheWriteTokens) * (double)Math.Min(thinking, OutputTokens) / OutputTokens
        : 0;

    /// <summary>
    /// Whether the row's tokens were consumed by the target: an OK row, or a failure that used quota
    /// (a stream that broke after usage was reported). Other rows carry only the planned input size.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Consumed => Outcome == Outcomes.Ok || QuotaTokens > 0;
}

/// <summary>The outcome words of the per-request rows.</summary>
public static class Outcomes
{
    public const string Ok = "ok";
    public const string Throttled = "throttled";
    public const string Unavailable = "unavailable";
    public const string Validation = "validation";
    public const string Timeout = "timeout";
    public const string ModelError = "model-error";
    public const string ClientError = "client-error";
    public const string Dropped = "dropped";

    public static readonly IReadOnlyList<string> All = [Ok, Throttled, Unavailable, Validation, Timeout, ModelError, ClientError, Dropped];

    /// <summary>
    /// Adds a failed request to the count per final error code ("(none)" when it has none), as
    /// the summary's errorCodes holds them; ok and dropped requests are not failures and are skipped.
    /// </summary>
    public static void CountErrorCode(Dictionary<string, long> counts, RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(record);
        if (record.Outcome is Ok or Dropped)
        {
            return;
        }

        var code = string.IsNullOrEmpty(record.ErrorCode) ? "(none)" : record.ErrorCode;
        counts[code] = counts.GetValueOrDefault(code) + 1;
    }
}
