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

    /// <summary>Latency from the scheduled start, ms (null for dropped).</summary>
    public double? LatencyMs => EndedMs is { } e ? e - ScheduledMs : null;

    /// <summary>TTFT from the scheduled start, ms.</summary>
    public double? TtftMs => FirstTokenMs is { } f ? f - ScheduledMs : null;

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
