using LoadTest.Core.Errors;
using System.Globalization;
using Amazon.Runtime;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Names an exception that came out of the SDK pipeline without being a Bedrock error response,
/// by the pipeline stage that produced it (recorded on the call by the stage markers), and says
/// in the message what happened on the wire (how many HTTP attempts were sent).
/// </summary>
internal static class SdkFailures
{
    /// <summary>
    /// True when <paramref name="exception"/> is the error response of the call's last HTTP
    /// attempt. A service exception with a status code but no matching attempt came from
    /// somewhere else (e.g. STS while refreshing credentials) and must not pass for Bedrock's.
    /// </summary>
    public static bool IsBedrockErrorResponse(BedrockOperationRequest call, AmazonServiceException exception)
    {
        if (exception.StatusCode == 0 || string.IsNullOrEmpty(exception.ErrorCode) || exception is AmazonUnmarshallingException)
        {
            return false;
        }

        var attempts = call.Report.Attempts;
        return attempts.Count > 0 && attempts[^1].StatusCode == (int)exception.StatusCode && attempts[^1].ErrorCode is not null;
    }

    public static (string Code, string Message) Classify(BedrockOperationRequest call, Exception exception, CancellationToken callerToken)
    {
        var attempts = call.Report.AttemptCount;
        var sent = attempts switch
        {
            0 => "nothing was sent",
            1 => "1 HTTP attempt was sent",
            _ => string.Create(CultureInfo.InvariantCulture, $"{attempts} HTTP attempts were sent"),
        };
        var sdk = $"{exception.GetType().Name}: {exception.Message}";

        if (call.IdentityResolutionFailed)
        {
            return (BedrockClientErrorCodes.CredentialsUnavailable, $"no credentials: the SDK's default credential chain resolved no identity; {sent}. SDK said {sdk}");
        }

        if (!ReferenceEquals(exception, call.LastPassFailure) && exception is AmazonClientException && IsRateLimiterRefusal(exception))
        {
            // Thrown by the retry handler itself (not by any attempt): AdaptiveRetryPolicy.
            // ObtainSendTokenAsync found no capacity in its TokenBucket, at once with FastFailRequests,
            // otherwise in 15 tries (TryAcquireTokenAsync). That is the SDK's real behaviour when
            // many callers share one adaptive client whose send rate has been cut by throttling;
            // the time went on waiting, not on HTTP.
            var how = exception.Message.Contains("fail fast", StringComparison.OrdinalIgnoreCase)
                ? "no send capacity, and the client is set to fail fast"
                : "no send capacity in its 15 tries, waiting between them";
            var before = attempts == 0
                ? "before the first HTTP attempt: nothing was sent"
                : string.Create(CultureInfo.InvariantCulture, $"before retry {attempts + 1}: {sent}, the last failed with {call.Report.Attempts[^1].ErrorCode ?? "no error code"}");
            return (BedrockClientErrorCodes.ClientRateLimited, $"refused by the SDK's adaptive retry rate limiter ({how}) {before}. SDK said {sdk}");
        }

        if (ReferenceEquals(exception, call.LastPassFailure) && call.SignedPasses < call.RetryLoopPasses)
        {
            return (BedrockClientErrorCodes.SigningFailed, $"the SDK could not sign the request (usually: credentials could not be obtained or refreshed); that attempt was not sent, {sent}. SDK said {sdk}");
        }

        var code = exception is AmazonUnmarshallingException ? BedrockClientErrorCodes.MalformedResponse : TransportErrors.Classify(exception, callerToken);
        if (code == exception.GetType().Name)
        {
            code = BedrockClientErrorCodes.UnclassifiedSdkError;
        }

        return (code, $"{Describe(code)}; {sent}. SDK said {sdk}");
    }

    private static bool IsRateLimiterRefusal(Exception exception)
        => exception.Message.Contains("capacity could not be obtained", StringComparison.OrdinalIgnoreCase);

    private static string Describe(string code) => code switch
    {
        BedrockClientErrorCodes.Timeout => "no response within the client timeout",
        BedrockClientErrorCodes.ConnectionError => "the connection failed",
        BedrockClientErrorCodes.EventStreamCorrupt => "the event stream was corrupt",
        BedrockClientErrorCodes.MalformedResponse => "the response could not be read",
        _ => "the SDK failed the call",
    };
}
