namespace LoadTest.Bedrock.Client;

/// <summary>One HTTP attempt of a call, as observed by a handler in the SDK's pipeline.</summary>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="StatusCode">HTTP status, null when no response arrived (timeout, reset).</param>
/// <param name="ErrorCode">AWS error type (x-amzn-ErrorType), or the exception type for transport errors; null on success.</param>
/// <param name="Elapsed">From the attempt's send to its response headers or failure.</param>
public sealed record AttemptRecord(int Number, int? StatusCode, string? ErrorCode, TimeSpan Elapsed)
{
    public bool Succeeded => ErrorCode is null && StatusCode is >= 200 and < 300;
}
