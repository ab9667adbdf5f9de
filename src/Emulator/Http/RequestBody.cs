using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LoadTest.Emulator.Routing;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.Http;

/// <summary>
/// Reads a whole request body and hands it to the operation's decoder without copying it into one
/// array; malformed JSON becomes Bedrock's "Malformed input request" message with where it broke.
/// (The size limit is Kestrel's MaxRequestBodySize, set by <see cref="EmulatorServer"/>.)
/// </summary>
internal static class RequestBody
{
    public const string NotAnObject = "Malformed input request: the body must be a JSON object, please reformat your input and try again.";

    /// <summary>Returns the ValidationException message, or null when the body is valid.</summary>
    public static async ValueTask<string?> DecodeAsync(HttpContext http, IRequestDecoder decoder, EmulatedModel model, InferenceRequest request)
    {
        var reader = http.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(http.RequestAborted);
            if (result.IsCompleted)
            {
                try
                {
                    return Decode(result.Buffer, decoder, model, request);
                }
                finally
                {
                    reader.AdvanceTo(result.Buffer.End);
                }
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Decodes a body already read; returns the ValidationException message, or null when it is valid.</summary>
    public static string? Decode(ReadOnlySequence<byte> body, IRequestDecoder decoder, EmulatedModel model, InferenceRequest request)
    {
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

    private static string Summarize(JsonException e)
    {
        if (e.Path is { Length: > 0 } path)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the body is not valid JSON for this operation at {path} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        return e.LineNumber is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"the body is not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1})")
            : "the body is not valid JSON";
    }
}
