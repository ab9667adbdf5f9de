using System.Text.Json.Serialization;

// The emulator's own log formats: a CloudTrail-like event per request and CloudWatch-like
// per-minute metrics. One schema family, one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Emulator.Wire;

/// <summary>One line of cloudtrail.jsonl.</summary>
public sealed record CloudTrailEvent
{
    public string EventVersion { get; init; } = "1.09";

    public DateTimeOffset EventTime { get; init; }

    public string EventSource { get; init; } = "bedrock.amazonaws.com";

    public string EventName { get; init; } = "";

    /// <summary>The source Region the call was made to.</summary>
    public string AwsRegion { get; init; } = "";

    /// <summary>Where the request ran; null when not served.</summary>
    public string? InferenceRegion { get; init; }

    public string RequestId { get; init; } = "";

    public string ModelId { get; init; } = "";

    public int HttpStatus { get; init; }

    public string? ErrorCode { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheReadInputTokens { get; init; }

    public long CacheWriteInputTokens { get; init; }

    /// <summary>Quota tokens the request consumed after burndown.</summary>
    public long QuotaTokens { get; init; }

    public long LatencyMs { get; init; }
}

/// <summary>One model's CloudWatch-like metrics for one minute (AWS/Bedrock metric names).</summary>
public sealed record MinuteMetrics
{
    [JsonPropertyName("timestamp")]
    public DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("modelId")]
    public string ModelId { get; init; } = "";

    [JsonPropertyName("Invocations")]
    public long Invocations { get; init; }

    [JsonPropertyName("InvocationThrottles")]
    public long InvocationThrottles { get; init; }

    [JsonPropertyName("InvocationClientErrors")]
    public long InvocationClientErrors { get; init; }

    [JsonPropertyName("InvocationServerErrors")]
    public long InvocationServerErrors { get; init; }

    [JsonPropertyName("InputTokenCount")]
    public long InputTokenCount { get; init; }

    [JsonPropertyName("OutputTokenCount")]
    public long OutputTokenCount { get; init; }

    [JsonPropertyName("CacheReadInputTokenCount")]
    public long CacheReadInputTokenCount { get; init; }

    [JsonPropertyName("CacheWriteInputTokenCount")]
    public long CacheWriteInputTokenCount { get; init; }

    /// <summary>Quota tokens consumed in the minute (what Bedrock's EstimatedTPMQuotaUsage tracks).</summary>
    [JsonPropertyName("EstimatedTPMQuotaUsage")]
    public long EstimatedTpmQuotaUsage { get; init; }

    /// <summary>Average latency of the minute's successful invocations, milliseconds.</summary>
    [JsonPropertyName("InvocationLatency")]
    public double InvocationLatency { get; init; }
}
