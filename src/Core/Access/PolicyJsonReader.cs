using System.Text;
using System.Text.Json;

namespace LoadTest.Core.Access;

/// <summary>
/// Reads a policy file into <see cref="PolicyJsonNode"/>s with positions. System.Text.Json's
/// reader gives byte offsets; a table of line starts turns them into line and character column.
/// Text that is not JSON is a <see cref="ConfigException"/> at the reader's position.
/// </summary>
internal static class PolicyJsonReader
{
    public static PolicyJsonNode Read(string text, string file)
    {
        var bytes = Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'));
        var lines = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        try
        {
            if (!reader.Read())
            {
                throw new ConfigException(file, 1, 1, "expected a JSON policy document ({ \"Version\": \"2012-10-17\", \"Statement\": [...] }), found an empty file");
            }

            var root = ReadValue(ref reader, bytes, lines);
            if (reader.Read())
            {
                var (line, column) = Position(bytes, lines, reader.TokenStartIndex);
                throw new ConfigException(file, line, column, "expected the end of the file after the policy document's closing '}'");
            }

            return root;
        }
        catch (JsonException e)
        {
            // The reader's own position: 0-based line and byte in line.
            var line = (int)(e.LineNumber ?? 0);
            var column = (int)(e.BytePositionInLine ?? 0);
            throw new ConfigException(file, line + 1, column + 1, "not valid JSON: " + Reason(e.Message));
        }
    }

    private static PolicyJsonNode ReadValue(ref Utf8JsonReader reader, byte[] bytes, List<int> lines)
    {
        var (line, column) = Position(bytes, lines, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new PolicyJsonNode { Kind = PolicyJsonNode.NodeKind.Object, Line = line, Column = column };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (nameLine, nameColumn) = Position(bytes, lines, reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    reader.Read();
                    obj.Members.Add((name, nameLine, nameColumn, ReadValue(ref reader, bytes, lines)));
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new PolicyJsonNode { Kind = PolicyJsonNode.NodeKind.Array, Line = line, Column = column };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Items.Add(ReadValue(ref reader, bytes, lines));
                }

                return array;
            case JsonTokenType.String:
                return new PolicyJsonNode { Kind = PolicyJsonNode.NodeKind.String, Line = line, Column = column, Text = reader.GetString()! };
            case JsonTokenType.Number:
                return new PolicyJsonNode { Kind = PolicyJsonNode.NodeKind.Number, Line = line, Column = column, Text = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True or JsonTokenType.False:
                return new PolicyJsonNode { Kind = PolicyJsonNode.NodeKind.Bool, Line = line, Column = column, Text = reader.GetBoolean() ? "true" : "false" };
            default:
                return new PolicyJsonNode { Kind = PolicyJsonNode.NodeKind.Null, Line = line, Column = column };
        }
    }

    private static List<int> LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(byte[] bytes, List<int> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch((int)offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = Encoding.UTF8.GetCharCount(bytes, lineStarts[line], (int)offset - lineStarts[line]);
        return (line + 1, column + 1);
    }

    // System.Text.Json appends its own position ("LineNumber: 3 | BytePositionInLine: 7."): ours leads the message.
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
