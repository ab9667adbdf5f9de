using System.Text.Json;
using LoadTest.Core;

namespace LoadTest.Import;

/// <summary>
/// Streams the elements of one top-level array property (`{"Records":[...]}`,
/// `{"events":[...]}`, `{"MetricDataResults":[...]}`) one element at a time, holding only the
/// element being read: a whole file is never loaded.
/// </summary>
internal static class JsonDocumentStream
{
    private enum Phase
    {
        Seek,
        ExpectArray,
        InArray,
    }

    /// <summary>The name of the first property of the top-level object, or null when the text does not start with one.</summary>
    public static string? FirstProperty(string path)
    {
        using var stream = InputFiles.Open(path);
        var bytes = new byte[4096];
        var n = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        ReadOnlySpan<byte> start = bytes.AsSpan(0, n);
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            start = start[3..];
        }

        var reader = new Utf8JsonReader(start, isFinalBlock: false, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                return null;
            }

            return reader.GetString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Each element of the array <paramref name="property"/> of a file; a file that is not valid
    /// JSON is a ConfigException saying what was expected (never quoting the file's content).
    /// </summary>
    public static IEnumerable<JsonDocument> Elements(string file, string property, string option, string expected, ReadProgress? progress)
    {
        using var stream = InputFiles.Open(file, progress);
        using var elements = Elements(stream, property).GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = elements.MoveNext();
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                throw new ConfigException($"{option}: '{file}' is not valid JSON; expected {expected}");
            }

            if (!more)
            {
                yield break;
            }

            yield return elements.Current;
        }
    }

    /// <summary>Each element of the top-level array <paramref name="property"/>, parsed on its own.</summary>
    public static IEnumerable<JsonDocument> Elements(Stream stream, string property)
    {
        var buffer = new byte[1 << 16];
        var filled = 0;
        var final = false;
        var state = default(JsonReaderState);
        var phase = Phase.Seek;
        var found = new List<JsonDocument>();
        while (true)
        {
            while (!final && filled < buffer.Length)
            {
                var n = stream.Read(buffer, filled, buffer.Length - filled);
                if (n == 0)
                {
                    final = true;
                }

                filled += n;
            }

            var consumed = Scan(buffer.AsSpan(0, filled), final, ref state, ref phase, property, found);
            foreach (var element in found)
            {
                yield return element;
            }

            found.Clear();
            if (final && consumed == filled)
            {
                yield break;
            }

            if (consumed == 0)
            {
                if (final)
                {
                    throw new JsonException("the JSON ends before the document is complete");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
    }

    private static int Scan(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref Phase phase, string property, List<JsonDocument> found)
    {
        var reader = new Utf8JsonReader(data, final, state);
        var consumed = 0;
        while (true)
        {
            var before = reader;
            if (!reader.Read())
            {
                break;
            }

            if (phase == Phase.InArray && reader.CurrentDepth == 2 && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
            {
                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    reader = before;
                    break;
                }

                found.Add(JsonDocument.Parse(data[start..(int)reader.BytesConsumed].ToArray()));
            }
            else if (phase == Phase.Seek && reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(property))
            {
                phase = Phase.ExpectArray;
            }
            else if (phase == Phase.ExpectArray)
            {
                phase = reader.TokenType == JsonTokenType.StartArray ? Phase.InArray : Phase.Seek;
                if (phase == Phase.Seek && reader.TokenType is JsonTokenType.StartObject && !reader.TrySkip())
                {
                    reader = before;
                    phase = Phase.ExpectArray;
                    break;
                }
            }
            else if (phase == Phase.InArray && reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1)
            {
                phase = Phase.Seek;
            }

            consumed = (int)reader.BytesConsumed;
            state = reader.CurrentState;
        }

        return consumed;
    }
}
