namespace LoadTest.Bedrock.Client;

/// <summary>
/// Any failure of a Bedrock call, from an HTTP error response or from an exception event in the
/// middle of a stream: the AWS error code, HTTP status, request id, message, whether it is a
/// throttle, and the call's report (attempts, and what a stream delivered before failing).
/// </summary>
public sealed class BedrockServiceException : Exception
{
    public BedrockServiceException(string operation, string modelId, string errorCode, int? statusCode, string? requestId, string message, CallReport report, bool midStream = false, Exception? inner = null)
        : base($"{operation} {modelId}: {errorCode}{(statusCode is { } s ? $" (HTTP {s})" : "")}: {message}", inner)
    {
        Operation = operation;
        ModelId = modelId;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
        ServiceMessage = message;
        Report = report;
        MidStream = midStream;
    }

    public BedrockServiceException()
        : this("", "", "Unknown", null, null, "", new CallReport())
    {
    }

    public BedrockServiceException(string message)
        : this("", "", "Unknown", null, null, message, new CallReport())
    {
    }

    public BedrockServiceException(string message, Exception innerException)
        : this("", "", "Unknown", null, null, message, new CallReport(), false, innerException)
    {
    }

    public string Operation { get; }

    public string ModelId { get; }

    /// <summary>AWS error type, e.g. ThrottlingException (mid-stream lowerCamel names are normalised to this form).</summary>
    public string ErrorCode { get; }

    public int? StatusCode { get; }

    public string? RequestId { get; }

    public string ServiceMessage { get; }

    public CallReport Report { get; }

    /// <summary>True when the error arrived as an exception event after the stream had started.</summary>
    public bool MidStream { get; }

    /// <summary>Output tokens (text deltas' tokens as counted by usage, or deltas seen) before a mid-stream failure.</summary>
    public int OutputTokensSoFar { get; init; }

    public bool IsThrottle => IsThrottleCode(ErrorCode);

    /// <summary>Whether an AWS error code (as on the wire, or in a run's per-request rows) is a throttle.</summary>
    public static bool IsThrottleCode(string? errorCode) => errorCode is "ThrottlingException" or "TooManyRequestsException" or "ThrottledException";
}
