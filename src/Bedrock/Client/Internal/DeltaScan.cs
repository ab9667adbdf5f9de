using System.Text;
using System.Text.Json;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Reads one streamed delta in place, without building a document: its kind (visible text,
/// thinking, a thinking block's signature or redacted data, tool input), its block index, the UTF-8
/// length of its text, and except for visible text the fragment itself (kept to rebuild the call's
/// input and the thinking block the next turn sends back; visible text is never copied).
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
                    var kind = !reasoning ? (reader.ValueTextEquals("input"u8) ? DeltaKind.ToolInput : DeltaKind.None)
                        : reader.ValueTextEquals("text"u8) ? DeltaKind.Thinking
                        : reader.ValueTextEquals("signature"u8) ? DeltaKind.Signature
                        : reader.ValueTextEquals("redactedContent"u8) ? DeltaKind.RedactedThinking
                        : DeltaKind.None;
                    reader.Read();
                    if (kind != DeltaKind.None)
                    {
                        found = Fragment(ref reader, kind);
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
            else if (reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("signature"u8) || reader.ValueTextEquals("partial_json"u8))
            {
                var kind = reader.ValueTextEquals("thinking"u8) ? DeltaKind.Thinking : reader.ValueTextEquals("signature"u8) ? DeltaKind.Signature : DeltaKind.ToolInput;
                reader.Read();
                found = Fragment(ref reader, kind);
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

    private static StreamDelta Fragment(ref Utf8JsonReader reader, DeltaKind kind)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        var fragment = reader.GetString()!;
        var length = reader.ValueIsEscaped ? Encoding.UTF8.GetByteCount(fragment) : reader.ValueSpan.Length;
        return kind == DeltaKind.Thinking && length == 0 ? default : new StreamDelta { Kind = kind, Utf8Length = length, Fragment = fragment };
    }
}

internal enum DeltaKind
{
    /// <summary>Nothing that counts: an empty delta, a field this client does not know.</summary>
    None,
    Text,
    Thinking,

    /// <summary>A thinking block's signature (not output the user waits for).</summary>
    Signature,

    /// <summary>A redacted thinking block's opaque data (ConverseStream's <c>reasoningContent.redactedContent</c>).</summary>
    RedactedThinking,
    ToolInput,
}

internal readonly record struct StreamDelta
{
    public bool IsDelta { get; init; }

    public DeltaKind Kind { get; init; }

    public int Index { get; init; }

    public int Utf8Length { get; init; }

    /// <summary>The delta's string for tool input, thinking, a signature or redacted data (null for visible text, which is not copied).</summary>
    public string? Fragment { get; init; }
}
