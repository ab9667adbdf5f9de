namespace LoadTest.Core.Retry;

/// <summary>How an attempt failed, as far as an SDK's retry rules care.</summary>
public enum FailureKind
{
    /// <summary>The service answered with an error (HTTP status and AWS error code).</summary>
    ServiceError,

    /// <summary>No answer in time (the SDK's read or connect timeout).</summary>
    Timeout,

    /// <summary>The connection failed or broke before a response (refused, reset, DNS).</summary>
    Connection,

    /// <summary>Failed on the client before sending (credentials, signing): never retried.</summary>
    Client,
}

/// <summary>One failed attempt as an SDK's retry strategy sees it.</summary>
/// <param name="Kind">Service error, timeout, connection failure or client-side failure.</param>
/// <param name="ErrorCode">AWS error code (e.g. ThrottlingException) for a service error, else the client's code.</param>
/// <param name="StatusCode">HTTP status of a service error; null without a response.</param>
/// <param name="RetryAfterSeconds">Server's x-amz-retry-after hint in seconds, when the response had one.</param>
public readonly record struct AttemptFailure(FailureKind Kind, string ErrorCode, int? StatusCode, double? RetryAfterSeconds = null)
{
    public static AttemptFailure Service(string errorCode, int statusCode) => new(FailureKind.ServiceError, errorCode, statusCode);

    public static AttemptFailure TimedOut(string errorCode = "RequestTimeout") => new(FailureKind.Timeout, errorCode, null);

    public static AttemptFailure ConnectionFailed(string errorCode = "ConnectionError") => new(FailureKind.Connection, errorCode, null);
}
