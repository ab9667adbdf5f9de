using System.Text.Json;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>Reads single fields of small JSON events in place, without building a document.</summary>
internal static class JsonScan
{
    /// <summary>
    /// With the reader on an object's StartObject: true when the object has a property
    /// <paramref name="name"/> whose value is a non-empty string. Leaves the reader on the
    /// object's EndObject, so the caller can go on reading after it.
    /// </summary>
    public static bool NonEmptyString(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                found = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
            }

            reader.Skip();
        }

        return found;
    }

    /// <summary>
    /// The <c>message</c> of a Bedrock error body (<c>{"message": ...}</c>; some proxies write
    /// <c>Message</c>), from a response body or an exception event's payload alike. A string is
    /// returned as its text, any other value as its JSON; null when the body is empty, not a JSON
    /// object, or has no message.
    /// </summary>
    public static string? ErrorMessage(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8);
                reader.Read();
                if (isMessage)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        return reader.GetString();
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    return System.Text.Encoding.UTF8.GetString(body[start..(int)reader.BytesConsumed]);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, a truncated body): the caller falls back to the error code.
        }

        return null;
    }
}
