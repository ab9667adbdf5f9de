using LoadTest.Core.Errors;
using LoadTest.Bedrock.Client;

namespace LoadTest.Reports;

/// <summary>What a final error code in a run means, in a reader's words.</summary>
public static class ErrorCodeText
{
    public static string Describe(string code) => code switch
    {
        "ThrottlingException" => "Bedrock throttled the last attempt (429): a quota was exhausted",
        BedrockClientErrorCodes.ClientRateLimited => "refused on the client by the AWS SDK's adaptive retry rate limiter; that attempt never reached the target",
        "ServiceUnavailableException" => "no capacity in any Region the profile may use (503)",
        "ModelNotReadyException" => "the model was not ready (429)",
        "ServiceQuotaExceededException" => "a service quota was exceeded",
        "ValidationException" => "the request was rejected as invalid (400)",
        "AccessDeniedException" => "the credentials may not call this model (403)",
        "ModelTimeoutException" or "ModelStreamErrorException" or "ModelErrorException" => "the model failed while answering",
        BedrockClientErrorCodes.Timeout => "no response within the client timeout",
        BedrockClientErrorCodes.ConnectionError => "the connection to the target failed",
        BedrockClientErrorCodes.CredentialsUnavailable => "no AWS credentials could be found",
        "DeadlineExceeded" => "the request outlived the run's deadline",
        "Cancelled" => "cancelled when the run stopped",
        _ => "",
    };
}
