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
}
