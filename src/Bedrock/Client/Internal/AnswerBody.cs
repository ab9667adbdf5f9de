using System.Text;
using System.Text.Json;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Reads a whole InvokeModel answer of any family in one pass, without binding it: the stop reason
/// (Claude <c>stop_reason</c>, Nova <c>stopReason</c>), content blocks (Claude's <c>content</c>,
/// Nova's <c>output.message.content</c>: thinking length, tool calls) and Cohere's
/// <c>embeddings</c> (how many vectors of what dimension; the numbers are skipped, not kept).
/// A body that is not JSON reports nothing.
/// </summary>
internal static class AnswerBody
{
    public static void Inspect(ReadOnlySpan<byte> body, CallReport report, AnswerTally tally)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("stop_reason"u8) || reader.ValueTextEquals("stopReason"u8))
                {
                    reader.Read();
                    report.StopReason = reader.TokenType == JsonTokenType.String ? reader.GetString() : report.StopReason;
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    Blocks(ref reader, body, tally);
                }
                else if (reader.ValueTextEquals("output"u8))
                {
                    reader.Read();
                    if (Find(ref reader, "message"u8))
                    {
                        if (Find(ref reader, "content"u8))
                        {
                            Blocks(ref reader, body, tally);
                            Rest(ref reader);
                        }

                        Rest(ref reader);
                    }
                }
                else if (reader.ValueTextEquals("embeddings"u8))
                {
                    reader.Read();
                    Embeddings(ref reader, report);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not a JSON answer (another content type): nothing to report beyond the headers.
        }
    }

    /// <summary>
    /// With the reader on a value: when it is an object with the named property, leaves the reader
    /// on that property's value and returns true (finish the object with <see cref="Rest"/>);
    /// otherwise consumes the value and returns false.
    /// </summary>
    private static bool Find(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>After the value <see cref="Find"/> found: skips the object's other properties, to its end.</summary>
    private static void Rest(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            reader.Skip();
        }
    }

    /// <summary>A content array in either spelling: Claude <c>{type, text | thinking | id, name, input}</c>, Nova/Converse <c>{text | reasoningContent | toolUse}</c>.</summary>
    private static void Blocks(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, AnswerTally tally)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var block = new BlockFields();
            Fields(ref reader, body, ref block);
            if (block.Type == "redacted_thinking" && block.Data is { } data)
            {
                tally.RedactedBlock(data);
            }
            else if (block.Thinking is { } thinking)
            {
                tally.ThinkingBlock(thinking, block.Signature);
            }

            if (block.Name is { } name && (block.Id is not null || block.Input is not null))
            {
                tally.Tool(new ToolCall(block.Id ?? "", name, block.Input ?? "{}"));
            }
        }
    }

    /// <summary>
    /// The fields of one content block object, either spelling: Claude's flat <c>{thinking | id,
    /// name, input}</c> and the Converse-shaped <c>{reasoningContent | toolUse: {toolUseId, name,
    /// input}}</c> (read by the same loop, one level down).
    /// </summary>
    private static void Fields(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref BlockFields block)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("signature"u8) || reader.ValueTextEquals("type"u8) || reader.ValueTextEquals("data"u8))
            {
                // Claude's {type: thinking, thinking, signature} or {type: redacted_thinking, data}.
                var name = reader.ValueTextEquals("thinking"u8) ? 't' : reader.ValueTextEquals("signature"u8) ? 's' : reader.ValueTextEquals("type"u8) ? 'y' : 'd';
                var value = StringValue(ref reader);
                switch (name)
                {
                    case 't':
                        block.Thinking = value ?? "";
                        break;
                    case 's':
                        block.Signature = value;
                        break;
                    case 'y':
                        block.Type = value;
                        break;
                    default:
                        block.Data = value;
                        break;
                }
            }
            else if (reader.ValueTextEquals("id"u8) || reader.ValueTextEquals("toolUseId"u8) || reader.ValueTextEquals("name"u8))
            {
                var isName = reader.ValueTextEquals("name"u8);
                reader.Read();
                var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (isName)
                {
                    block.Name = value ?? block.Name;
                }
                else
                {
                    block.Id = value ?? block.Id;
                }
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                block.Input = Raw(ref reader, body);
            }
            else if (reader.ValueTextEquals("reasoningContent"u8))
            {
                // Converse-shaped {reasoningText: {text, signature}} or {redactedContent}.
                reader.Read();
                Reasoning(ref reader, ref block);
            }
            else if (reader.ValueTextEquals("toolUse"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    Fields(ref reader, body, ref block);
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
    }

    private static void Reasoning(ref Utf8JsonReader reader, ref BlockFields block)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        block.Thinking ??= "";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("redactedContent"u8))
            {
                block.Type = "redacted_thinking";
                block.Data = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                block.Thinking = StringValue(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("signature"u8))
            {
                block.Signature = StringValue(ref reader);
            }
            else if (reader.ValueTextEquals("reasoningText"u8))
            {
                reader.Read();
                Reasoning(ref reader, ref block);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>With the reader on a property name: its value as a string (null for any other token, which is skipped).</summary>
    private static string? StringValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private struct BlockFields
    {
        public BlockFields()
        {
        }

        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Input { get; set; }

        public string? Type { get; set; }

        /// <summary>The block's thinking text; null when it is not a thinking block.</summary>
        public string? Thinking { get; set; }

        public string? Signature { get; set; }

        /// <summary>A redacted thinking block's opaque data.</summary>
        public string? Data { get; set; }
    }

    /// <summary>
    /// Cohere's embeddings: a list of vectors (<c>embeddings_floats</c>) or an object of lists keyed
    /// by type (<c>embeddings_by_type</c>). The count is the first type's; the dimension is its first
    /// vector's length, times 8 for the bit-packed binary types.
    /// </summary>
    private static void Embeddings(ref Utf8JsonReader reader, CallReport report)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            (report.EmbeddingCount, report.EmbeddingDimension) = Vectors(ref reader, 1);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        var first = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var bitsPerValue = reader.ValueTextEquals("binary"u8) || reader.ValueTextEquals("ubinary"u8) ? 8 : 1;
            reader.Read();
            if (first && reader.TokenType == JsonTokenType.StartArray)
            {
                (report.EmbeddingCount, report.EmbeddingDimension) = Vectors(ref reader, bitsPerValue);
                first = false;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static (int Count, int Dimension) Vectors(ref Utf8JsonReader reader, int dimensionsPerValue)
    {
        int count = 0, dimension = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (count++ == 0)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    dimension++;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (count, dimension * dimensionsPerValue);
    }

    /// <summary>The raw JSON of the value the reader is on (a tool's input object).</summary>
    private static string Raw(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(body[start..(int)reader.BytesConsumed]);
    }
}
