using System.Globalization;
using LoadTest.Emulator.Faults;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.Http;

/// <summary>
/// Refuses a request with more header lines or header bytes than <see cref="RequestLimits"/> allows,
/// with a 431 that still carries <c>x-amzn-ErrorType</c> and a JSON message (Kestrel's own 431 has neither).
/// </summary>
internal static class RequestHeaders
{
    /// <summary>The error to answer with, or null when the headers are within the limits.</summary>
    public static BedrockError? Check(IHeaderDictionary headers, RequestLimits limits)
    {
        long lines = 0;
        long bytes = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                lines++;
                bytes += name.Length + (value?.Length ?? 0);
            }
        }

        if (lines <= limits.MaxHeaderCount && bytes <= limits.MaxHeaderBytes)
        {
            return null;
        }

        return new BedrockError(431, BedrockErrors.Validation, string.Create(CultureInfo.InvariantCulture,
            $"Request header fields too large: {lines} headers, {bytes} bytes; the limit is {limits.MaxHeaderCount} headers and {limits.MaxHeaderBytes} bytes."));
    }
}
