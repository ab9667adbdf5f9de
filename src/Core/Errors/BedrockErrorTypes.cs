namespace LoadTest.Core.Errors;

/// <summary>
/// Bedrock Runtime's error types with their HTTP status, and the exception-event names a stream
/// can end with: what the emulator answers, and what scenarios.yaml's <c>emulator.faults</c> may ask for.
/// </summary>
public static class BedrockErrorTypes
{
    private static readonly Dictionary<string, int> StatusByType = new(StringComparer.Ordinal)
    {
        ["ThrottlingException"] = 429,
        ["ServiceUnavailableException"] = 503,
        ["InternalServerException"] = 500,
        ["ModelNotReadyException"] = 429,
        ["ModelTimeoutException"] = 408,
        ["ModelErrorException"] = 424,
        ["ModelStreamErrorException"] = 424,
        ["ValidationException"] = 400,
        ["AccessDeniedException"] = 403,
        ["ResourceNotFoundException"] = 404,
        ["ServiceQuotaExceededException"] = 400,
    };

    private static readonly string[] StreamExceptions =
    [
        "throttlingException", "serviceUnavailableException", "modelStreamErrorException", "validationException",
        "internalServerException", "modelTimeoutException",
    ];

    /// <summary>Error names as sent in <c>x-amzn-ErrorType</c> (PascalCase).</summary>
    public static IReadOnlyCollection<string> All => StatusByType.Keys;

    /// <summary>Exception-event types a stream can end with (lowerCamel, as on the wire).</summary>
    public static IReadOnlyList<string> StreamExceptionTypes => StreamExceptions;

    public static bool TryStatus(string type, out int status) => StatusByType.TryGetValue(type, out status);
}
