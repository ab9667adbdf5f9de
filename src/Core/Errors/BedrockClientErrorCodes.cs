namespace LoadTest.Core.Errors;

/// <summary>
/// Error codes of failures produced on the client's side (no Bedrock error response behind them),
/// as the client reports them and the result files, reports and planner read them. Service errors
/// keep the AWS error type (<see cref="BedrockErrorTypes"/>). A failure with one of these codes and
/// no attempts never reached the endpoint.
/// </summary>
public static class BedrockClientErrorCodes
{
    /// <summary>
    /// The SDK's adaptive-retry rate limiter (AWSSDK.Core AdaptiveRetryPolicy's TokenBucket)
    /// refused to send: it tried 15 times for a send token, waiting between tries, and gave up. Before the first attempt
    /// the request was never sent (0 attempts); before a retry, the attempts made are in the report.
    /// An application using the SDK in adaptive mode gets the same failure under the same load.
    /// </summary>
    public const string ClientRateLimited = "ClientRateLimited";

    /// <summary>The default credential chain resolved no usable identity; nothing was sent.</summary>
    public const string CredentialsUnavailable = "CredentialsUnavailable";

    /// <summary>The SDK's signer failed (usually refreshing credentials: STS, SSO, instance metadata); that attempt was not sent.</summary>
    public const string SigningFailed = "SigningFailed";

    /// <summary>No response within the client's timeout (headers, body or next stream bytes).</summary>
    public const string Timeout = "Timeout";

    /// <summary>Connection refused, reset or closed, DNS or TLS failure.</summary>
    public const string ConnectionError = "ConnectionError";

    /// <summary>An event stream failed its CRC checks or could not be parsed.</summary>
    public const string EventStreamCorrupt = "EventStreamCorrupt";

    /// <summary>The response body was not what the operation returns (empty, not JSON).</summary>
    public const string MalformedResponse = "MalformedResponse";

    /// <summary>An SDK-side failure this client does not recognise; the message carries the SDK's exception type and text.</summary>
    public const string UnclassifiedSdkError = "UnclassifiedSdkError";
}
