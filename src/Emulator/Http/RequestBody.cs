using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Routing;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.Http;

/// <summary>
/// Reads a request body and hands it to the operation's decoder without copying it into one array,
/// refusing what Bedrock refuses before the JSON is looked at: a body over Bedrock's size limit (read
/// to the end and dropped, never kept), a content type other than JSON, bytes that are not UTF-8, a
/// body that arrives too slowly. Malformed JSON (nesting deeper than 64 levels included) becomes
/// Bedrock's "Malformed input request" message with where it broke.
/// </summary>
internal static class RequestBody
{
    public const string NotAnObject = "Malformed input request: the body must be a JSON object, please reformat your input and try again.";

    public const string NotJsonContentType = "The provided Content Type is invalid or not supported for this model";

    public const string NotUtf8 = "Malformed input request: the body is not valid UTF-8, please reformat your input and try again.";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bedrock's ValidationException for a body over its limit.</summary>
    public static string TooLarge(long limit) => string.Create(CultureInfo.InvariantCulture,
        $"1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to {limit}");

    /// <summary>
    /// Reads and decodes the body; returns the error to answer with, or null when the body is valid. A
    /// request whose signature is being verified has it checked over the whole body before decoding.
    /// </summary>
    public static async ValueTask<BedrockError?> ReadAsync(HttpContext http, IRequestDecoder decoder, EmulatedModel model, InferenceRequest request, RequestLimits limits, SignatureVerifier.SignedRequest? signed = null)
    {
        var reader = http.Request.BodyReader;
        var tooLarge = http.Request.ContentLength > limits.MaxBodyBytes;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(http.RequestAborted);
                var buffer = result.Buffer;
                if (tooLarge || buffer.Length > limits.MaxBodyBytes)
                {
                    // Past the limit nothing is kept: drop what came and read on, so the client sees the answer.
                    tooLarge = true;
                    reader.AdvanceTo(buffer.End);
                    if (result.IsCompleted)
                    {
                        return BedrockError.Validation(TooLarge(limits.MaxBodyBytes));
                    }

                    continue;
                }

                if (!result.IsCompleted)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                try
                {
                    if (signed is not null && SignatureVerifier.CheckBody(signed, buffer) is { } badSignature)
                    {
                        return badSignature;
                    }

                    var invalid = IsJson(http.Request.ContentType) ? Decode(buffer, decoder, model, request) : NotJsonContentType;
                    return invalid is null ? null : BedrockError.Validation(invalid);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            return e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => BedrockError.Validation(TooLarge(limits.MaxBodyBytes)),
                StatusCodes.Status408RequestTimeout => new BedrockError(408, BedrockErrors.RequestTimeout, string.Create(CultureInfo.InvariantCulture,
                    $"The request body arrived slower than {limits.MinBodyBytesPerSecond:0} bytes per second; the emulator stopped waiting for it.")),
                _ => BedrockError.Validation("Malformed input request: the body ended early or its framing is broken, please reformat your input and try again."),
            };
        }
    }

    /// <summary>Decodes a body already read; returns the ValidationException message, or null when it is valid.</summary>
    public static string? Decode(ReadOnlySequence<byte> body, IRequestDecoder decoder, EmulatedModel model, InferenceRequest request)
    {
        if (!IsUtf8(body))
        {
            return NotUtf8;
        }

        try
        {
            return decoder.Decode(body, model, request);
        }
        catch (JsonException e)
        {
            return $"Malformed input request: {Summarize(e)}, please reformat your input and try again.";
        }
    }

    public static T? Deserialize<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> type)
    {
        var json = new Utf8JsonReader(body);
        return JsonSerializer.Deserialize(ref json, type);
    }

    /// <summary>No Content-Type (Bedrock's documented default) or application/json with any parameters.</summary>
    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        var media = contentType.AsSpan();
        var semicolon = media.IndexOf(';');
        if (semicolon >= 0)
        {
            media = media[..semicolon];
        }

        return media.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The JSON reader only checks UTF-8 inside the strings it decodes, so invalid bytes in a skipped
    /// member would pass; the whole body is checked here, segment by segment (a character may span two).
    /// </summary>
    private static bool IsUtf8(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Utf8.IsValid(body.FirstSpan);
        }

        var decoder = StrictUtf8.GetDecoder();
        Span<char> scratch = stackalloc char[1024];
        try
        {
            foreach (var segment in body)
            {
                var span = segment.Span;
                while (!span.IsEmpty)
                {
                    decoder.Convert(span, scratch, flush: false, out var used, out _, out _);
                    span = span[used..];
                }
            }

            decoder.Convert(ReadOnlySpan<byte>.Empty, scratch, flush: true, out _, out _, out _);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>System.Text.Json's default nesting limit (JsonReaderOptions.MaxDepth), which the emulator keeps.</summary>
    public const int MaxDepth = 64;

    private static string Summarize(JsonException e)
    {
        // The reader's depth error carries no code of its own; its text is the only sign, and naming
        // the limit tells a client what to change.
        if (e.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the body nests deeper than {MaxDepth} levels (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        if (e.Path is { Length: > 0 } path)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the body is not valid JSON for this operation at {path} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        return e.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"the body is not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1})")
            : "the body is not valid JSON";
    }
}
