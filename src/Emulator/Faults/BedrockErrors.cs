using LoadTest.Core.Errors;

namespace LoadTest.Emulator.Faults;

/// <summary>Bedrock Runtime's error types: HTTP status, and the exception-event name used mid-stream.</summary>
internal static class BedrockErrors
{
    public const string Validation = "ValidationException";
    public const string Throttling = "ThrottlingException";
    public const string ServiceUnavailable = "ServiceUnavailableException";
    public const string InternalServer = "InternalServerException";
    public const string UnknownOperation = "UnknownOperationException";
    public const string AccessDenied = "AccessDeniedException";

    /// <summary>Signature Version 4 refusals (403), answered only when <c>emulator.verifySignature</c> is set; never injected.</summary>
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string IncompleteSignature = "IncompleteSignatureException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string InvalidSignature = "InvalidSignatureException";

    /// <summary>A body that arrived too slowly (408); not one of Bedrock's modelled types, so never injected.</summary>
    public const string RequestTimeout = "RequestTimeoutException";

    public const string TooManyTokens = "Too many tokens, please wait before trying again.";
    public const string TooManyRequests = "Too many requests, please wait before trying again.";
    public const string Unavailable = "Bedrock is unable to process your request.";

    public static IReadOnlyCollection<string> Types => BedrockErrorTypes.All;

    public static IReadOnlyList<string> StreamExceptionTypes => BedrockErrorTypes.StreamExceptionTypes;

    public static bool TryStatus(string type, out int status) => BedrockErrorTypes.TryStatus(type, out status);

    public static int Status(string type) => TryStatus(type, out var status) ? status : 500;

    /// <summary>A plausible message for an injected error of this type.</summary>
    public static string MessageFor(string type) => type switch
    {
        Throttling or "throttlingException" => TooManyRequests,
        ServiceUnavailable or "serviceUnavailableException" => Unavailable,
        InternalServer or "internalServerException" => "The server encountered an internal error while processing the request.",
        "ModelNotReadyException" => "The model is not ready to serve inference requests. Try again later.",
        "ModelTimeoutException" or "modelTimeoutException" => "The request took too long to process. Processing time exceeded the model timeout length.",
        "ModelErrorException" => "The model returned an error while processing the request.",
        "ModelStreamErrorException" or "modelStreamErrorException" => "The model stream encountered an error while processing the request.",
        AccessDenied => "You don't have access to the model with the specified model ID.",
        "ResourceNotFoundException" => "The specified resource could not be found.",
        "ServiceQuotaExceededException" => "Your request exceeds the service quota for your account.",
        _ => "The request failed (injected by the LoadTest emulator).",
    };
}
