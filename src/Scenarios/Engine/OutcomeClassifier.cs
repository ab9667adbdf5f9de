using LoadTest.Core.Errors;
using LoadTest.Bedrock.Client;
using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>Maps an AWS error type (or a transport failure) to the outcome words of the per-request rows (<see cref="Outcomes"/>).</summary>
public static class OutcomeClassifier
{
    public static string FromErrorCode(string? errorCode, int? httpStatus) => errorCode switch
    {
        null when httpStatus is >= 200 and < 300 => Outcomes.Ok,
        _ when BedrockServiceException.IsThrottleCode(errorCode) => Outcomes.Throttled,
        // The SDK's adaptive rate limiter refused to send: throttling pressure applied client-side.
        BedrockClientErrorCodes.ClientRateLimited => Outcomes.Throttled,
        "ServiceUnavailableException" => Outcomes.Unavailable,
        "ValidationException" => Outcomes.Validation,
        "ModelTimeoutException" or "Timeout" or "RequestTimeout" => Outcomes.Timeout,
        "ModelErrorException" or "ModelStreamErrorException" or "InternalServerException" => Outcomes.ModelError,
        _ => Outcomes.ClientError,
    };

    public static string FromException(Exception exception) => exception switch
    {
        BedrockServiceException b => FromErrorCode(b.ErrorCode, b.StatusCode),
        TimeoutException => Outcomes.Timeout,
        TaskCanceledException { InnerException: TimeoutException } => Outcomes.Timeout,
        _ => Outcomes.ClientError,
    };
}
