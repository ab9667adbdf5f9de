using System.Text;
using System.Text.Json;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Reads one streamed delta in place, without building a document: its kind (visible text,
/// thinking, tool input), its block index, the UTF-8 length of its text, and for tool input the
/// fragment itself (kept to rebuild the call's input; text and thinking are never copied).
/// Three spellings: a ConverseStream <c>contentBlockDelta</c> payload, the same object inside a
/// Nova chunk (<c>{"contentBlockDelta": {...}}</c>), and an Anthropic <c>content_block_delta</c>.
/// </summary>
internal static class DeltaScan
{
    /// <summary>A ConverseStream contentBlockDelta payload: <c>{contentBlockIndex, delta: {text | reasoningContent{text|signature} | toolUse{input}}}</c>.</summary>
    public static StreamDelta Converse(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A contentBlockDelta event is not a JSON object.");
        }

        return ConverseObject(ref reader);
    }

    /// <summary>
    /// One decoded InvokeModelWithResponseStream chunk: an Anthropic content_block_delta or a Nova
    /// contentBlockDelta; <see cref="StreamDelta.IsDelta"/> is false for every other event.
    /// </summary>
    public static StreamDelta Chunk(ReadOnlySpan<byte> chunk)
    {
        var reader = new Utf8JsonReader(chunk);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        var isAnthropicDelta = false;
        var index = 0;
        var found = default(StreamDelta);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("content_block_delta"u8))
                {
                    return default;
                }

                isAnthropicDelta = true;
            }
            else if (reader.ValueTextEquals("contentBlockDelta"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.StartObject ? ConverseObject(ref reader) : default;
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i) ? i : 0;
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    found = AnthropicDelta(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return isAnthropicDelta ? found with { IsDelta = true, Index = index } : default;
    }

    /// <summary>With the reader on the StartObject of a Converse-shaped delta event; reads to its end.</summary>
    private static StreamDelta ConverseObject(ref Utf8JsonReader reader)
    {
        var index = 0;
        var found = default(StreamDelta);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("contentBlockIndex"u8))
            {
                reader.Read();
                index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i) ? i : 0;
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    found = ConverseDelta(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return found with { IsDelta = true, Index = index };
    }

    private static StreamDelta ConverseDelta(ref Utf8JsonReader reader)
    {
        var found = default(StreamDelta);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                found = Text(ref reader, DeltaKind.Text);
            }
            else if (reader.ValueTextEquals("reasoningContent"u8) || reader.ValueTextEquals("toolUse"u8))
            {
                var reasoning = reader.ValueTextEquals("reasoningContent"u8);
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var wanted = reasoning ? reader.ValueTextEquals("text"u8) : reader.ValueTextEquals("input"u8);
                    reader.Read();
                    if (wanted)
                    {
                        found = reasoning ? Text(ref reader, DeltaKind.Thinking) : Fragment(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return found;
    }

    /// <summary>An Anthropic delta object: text_delta (text), thinking_delta (thinking), input_json_delta (partial_json), signature_delta.</summary>
    private static StreamDelta AnthropicDelta(ref Utf8JsonReader reader)
    {
        var found = default(StreamDelta);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                found = Text(ref reader, DeltaKind.Text);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                reader.Read();
                found = Text(ref reader, DeltaKind.Thinking);
            }
            else if (reader.ValueTextEquals("partial_json"u8))
            {
                reader.Read();
                found = Fragment(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return found;
    }

    private static StreamDelta Text(ref Utf8JsonReader reader, DeltaKind kind)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        var length = reader.ValueIsEscaped ? Encoding.UTF8.GetByteCount(reader.GetString()!) : reader.ValueSpan.Length;
        return length == 0 ? default : new StreamDelta { Kind = kind, Utf8Length = length };
    }

    private static StreamDelta Fragment(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        var fragment = reader.GetString()!;
        return new StreamDelta { Kind = DeltaKind.ToolInput, Utf8Length = Encoding.UTF8.GetByteCount(fragment), ToolInput = fragment };
    }
}

internal enum DeltaKind
{
    /// <summary>Nothing that counts: an empty delta, a signature, a field this client does not know.</summary>
    None,
    Text,
    Thinking,
    ToolInput,
}

internal readonly record struct StreamDelta
{
    public bool IsDelta { get; init; }

    public DeltaKind Kind { get; init; }

    public int Index { get; init; }

    public int Utf8Length { get; init; }

    public string? ToolInput { get; init; }
}
