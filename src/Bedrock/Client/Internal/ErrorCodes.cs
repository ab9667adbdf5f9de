using LoadTest.Core.Errors;
using System.Globalization;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>Normalises the ways an AWS error type reaches us into one form: PascalCase, no namespace, no suffix.</summary>
internal static class ErrorCodes
{
    public const string Timeout = BedrockClientErrorCodes.Timeout;
    public const string ConnectionError = BedrockClientErrorCodes.ConnectionError;
    public const string EventStreamCorrupt = BedrockClientErrorCodes.EventStreamCorrupt;
    public const string MalformedResponse = BedrockClientErrorCodes.MalformedResponse;
    public const string Canceled = "Canceled";

    /// <summary>
    /// x-amzn-ErrorType may be "ThrottlingException:http://internal.amazon.com/..." or carry a
    /// namespace prefix "aws.protocoltests#ThrottlingException"; keep the bare name.
    /// </summary>
    public static string? FromErrorTypeHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var name = header;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            name = name[..colon];
        }

        var hash = name.LastIndexOf('#');
        if (hash >= 0)
        {
            name = name[(hash + 1)..];
        }

        name = name.Trim();
        return name.Length == 0 ? null : Normalise(name);
    }

    /// <summary>Event-stream exceptions are lowerCamel (throttlingException); HTTP errors are PascalCase.</summary>
    public static string Normalise(string code)
        => code.Length > 0 && char.IsLower(code[0])
            ? char.ToUpper(code[0], CultureInfo.InvariantCulture) + code[1..]
            : code;

    public static string FromStatus(int status) => status switch
    {
        400 => "ValidationException",
        403 => "AccessDeniedException",
        404 => "ResourceNotFoundException",
        408 => "ModelTimeoutException",
        424 => "ModelErrorException",
        429 => "ThrottlingException",
        500 => "InternalServerException",
        503 => "ServiceUnavailableException",
        _ => "Http" + status.ToString(CultureInfo.InvariantCulture),
    };
}
