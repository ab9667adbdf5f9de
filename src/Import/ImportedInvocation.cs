namespace LoadTest.Import;

/// <summary>
/// One recorded Bedrock request, normalised from a model invocation log record or a CloudTrail
/// event. Only counts and identifiers: no prompt or response text is ever kept.
/// </summary>
/// <param name="Time">When the request was made (UTC).</param>
/// <param name="SourceRegion">The Region the request was sent to.</param>
/// <param name="InferenceRegion">The Region that served it; null = the source Region.</param>
/// <param name="MaxTokens">inferenceConfig.maxTokens or max_tokens of the request body, when present.</param>
public sealed record ImportedInvocation(
    DateTimeOffset Time,
    string SourceRegion,
    string? InferenceRegion,
    string Operation,
    string ModelId,
    long? InputTokens,
    long? OutputTokens,
    long? CacheReadTokens,
    long? CacheWriteTokens,
    string? RequestId,
    IReadOnlyDictionary<string, string> RequestMetadata,
    string? ErrorCode,
    long? MaxTokens)
{
    /// <summary>The Region that served the request.</summary>
    public string ServedRegion => InferenceRegion ?? SourceRegion;

    /// <summary>True when another Region than the source served the request.</summary>
    public bool Rerouted => InferenceRegion is not null && !string.Equals(InferenceRegion, SourceRegion, StringComparison.Ordinal);
}

/// <summary>One per-minute point of an AWS/Bedrock CloudWatch metric for one model.</summary>
public sealed record ImportedMetricPoint(DateTimeOffset Minute, string ModelId, string Metric, double Value);

/// <summary>A line that could not be read: where, and why (never the line's content).</summary>
public sealed record SkippedLine(string File, long Line, string Reason);
