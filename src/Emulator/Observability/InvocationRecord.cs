namespace LoadTest.Emulator.Observability;

/// <summary>One finished request as the emulator logs it (every log file is written from it; never any prompt text).</summary>
internal sealed record InvocationRecord(
    DateTimeOffset EventTime,
    string EventName,
    string RequestId,
    string ModelId,
    string? InferenceRegion,
    int HttpStatus,
    string? ErrorCode,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    long QuotaTokens,
    double LatencyMs,
    string? ErrorMessage = null,
    Dictionary<string, string>? RequestMetadata = null);
