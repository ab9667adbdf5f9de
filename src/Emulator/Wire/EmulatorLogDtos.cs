using System.Text.Json.Serialization;

// The records the emulator writes into its log directory, in the shapes Bedrock, CloudTrail and
// CloudWatch use. One schema family, one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Emulator.Wire;

/// <summary>
/// One line of cloudtrail.jsonl: a CloudTrail data event as Bedrock Runtime records it
/// (https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html,
/// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
/// followed by the emulator's extras (token counts, quota tokens, latency, HTTP status and flat
/// copies of modelId, requestId and inferenceRegion) that its own consumers read.
/// </summary>
public sealed record CloudTrailEvent
{
    public string EventVersion { get; init; } = "1.09";

    public CloudTrailIdentity UserIdentity { get; init; } = new();

    public DateTimeOffset EventTime { get; init; }

    public string EventSource { get; init; } = "bedrock.amazonaws.com";

    public string EventName { get; init; } = "";

    /// <summary>The source Region the call was made to.</summary>
    public string AwsRegion { get; init; } = "";

    public string SourceIPAddress { get; init; } = "127.0.0.1";

    public string UserAgent { get; init; } = "";

    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public CloudTrailModelParameters RequestParameters { get; init; } = new();

    /// <summary>Always null for Bedrock Runtime data events; written as null, not left out.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? ResponseElements { get; init; }

    /// <summary>Where the request ran; absent when it was not served.</summary>
    public CloudTrailInferenceData? AdditionalEventData { get; init; }

    [JsonPropertyName("requestID")]
    public string RequestIdCloudTrail { get; init; } = "";

    [JsonPropertyName("eventID")]
    public string EventId { get; init; } = "";

    public bool ReadOnly { get; init; }

    public string EventType { get; init; } = "AwsApiCall";

    public bool ManagementEvent { get; init; }

    public string RecipientAccountId { get; init; } = "";

    public string EventCategory { get; init; } = "Data";

    // Emulator extras below: not CloudTrail fields.

    /// <summary>Emulator extra: same as requestID.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>Emulator extra: same as requestParameters.modelId.</summary>
    public string ModelId { get; init; } = "";

    /// <summary>Emulator extra: same as additionalEventData.inferenceRegion; null when not served.</summary>
    public string? InferenceRegion { get; init; }

    public int HttpStatus { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheReadInputTokens { get; init; }

    public long CacheWriteInputTokens { get; init; }

    /// <summary>Quota tokens the request consumed after burndown.</summary>
    public long QuotaTokens { get; init; }

    public long LatencyMs { get; init; }
}

/// <summary>CloudTrail's userIdentity for the emulated caller.</summary>
public sealed record CloudTrailIdentity
{
    public string Type { get; init; } = "AssumedRole";

    public string Arn { get; init; } = "";

    public string AccountId { get; init; } = "";
}

/// <summary>CloudTrail's requestParameters for a Bedrock Runtime call.</summary>
public sealed record CloudTrailModelParameters
{
    public string ModelId { get; init; } = "";
}

/// <summary>CloudTrail's additionalEventData for a served Bedrock Runtime call.</summary>
public sealed record CloudTrailInferenceData
{
    public string InferenceRegion { get; init; } = "";
}

/// <summary>
/// One line of model-invocations.jsonl, in the shape of a Bedrock model invocation log record
/// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html).
/// Token counts only: the emulator never writes inputBodyJson or outputBodyJson.
/// </summary>
public sealed record ModelInvocationLogRecord
{
    public string SchemaType { get; init; } = "ModelInvocationLog";

    public string SchemaVersion { get; init; } = "1.0";

    public DateTimeOffset Timestamp { get; init; }

    public string AccountId { get; init; } = "";

    public InvocationIdentity Identity { get; init; } = new();

    /// <summary>The source Region the call was made to.</summary>
    public string Region { get; init; } = "";

    public string RequestId { get; init; } = "";

    public string Operation { get; init; } = "";

    public string ModelId { get; init; } = "";

    /// <summary>The caller's requestMetadata (Converse and ConverseStream only); absent when none.</summary>
    public Dictionary<string, string>? RequestMetadata { get; init; }

    public InvocationInput Input { get; init; } = new();

    public InvocationOutput Output { get; init; } = new();

    /// <summary>Where the request ran; absent when it was not served.</summary>
    public string? InferenceRegion { get; init; }

    /// <summary>The AWS error type of a failed request; absent on success.</summary>
    public string? ErrorCode { get; init; }
}

/// <summary>identity of a model invocation log record.</summary>
public sealed record InvocationIdentity
{
    public string Arn { get; init; } = "";
}

/// <summary>input of a model invocation log record, counts only.</summary>
public sealed record InvocationInput
{
    public string InputContentType { get; init; } = "application/json";

    public long InputTokenCount { get; init; }

    public long CacheReadInputTokenCount { get; init; }

    public long CacheWriteInputTokenCount { get; init; }
}

/// <summary>output of a model invocation log record, counts only.</summary>
public sealed record InvocationOutput
{
    public string OutputContentType { get; init; } = "application/json";

    public long OutputTokenCount { get; init; }
}

/// <summary>What <c>aws cloudwatch get-metric-data</c> prints (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html).</summary>
public sealed record MetricDataOutput
{
    [JsonPropertyName("MetricDataResults")]
    public List<MetricDataResult> MetricDataResults { get; init; } = [];

    [JsonPropertyName("Messages")]
    public List<string> Messages { get; init; } = [];
}

/// <summary>One series of get-metric-data: timestamps newest first, as the CLI returns them by default.</summary>
public sealed record MetricDataResult
{
    [JsonPropertyName("Id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("Label")]
    public string Label { get; init; } = "";

    [JsonPropertyName("Timestamps")]
    public List<DateTimeOffset> Timestamps { get; init; } = [];

    [JsonPropertyName("Values")]
    public List<double> Values { get; init; } = [];

    [JsonPropertyName("StatusCode")]
    public string StatusCode { get; init; } = "Complete";
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
