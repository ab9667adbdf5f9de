using System.Globalization;
using System.Text;
using LoadTest.Core;

namespace LoadTest.Results;

/// <summary>
/// RFC 4180 for the flat CSV files of a run. Writing: fields quoted only when they hold a comma,
/// quote or line break; numbers in invariant culture, milliseconds to the microsecond ("0.###").
/// Reading: quoted fields may span lines; a row that ends inside quotes or has the wrong number of
/// fields (an edited file) is a <see cref="ConfigException"/> naming the file, line and column,
/// except the torn last row of a file a killed run was streaming, which a reader that expects one
/// may ask to have left out and reported (<see cref="TornRow"/>).
/// </summary>
public static class CsvText
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    public static string Field(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "";

    public static string Field(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// The rows of <paramref name="reader"/> after a header that must be one of <paramref name="headers"/>
    /// (the last being the current one; a row's field count says which it was written under). Blank
    /// lines are skipped; an empty file has no rows. A row the file ends inside (no line break after
    /// it, or an unclosed quote) is torn: with <paramref name="onTornLastRow"/> it is left out and
    /// reported there (a file streamed by a run that was killed), without it it is an error like any
    /// corrupt row. A row with the wrong number of fields before the end is always an error.
    /// </summary>
    internal static IEnumerable<CsvRow> Rows(TextReader reader, string file, IReadOnlyList<string> headers, Action<TornRow>? onTornLastRow = null)
    {
        var scanner = new Scanner(reader, file);
        var first = scanner.Next();
        if (first is null)
        {
            yield break;
        }

        var header = string.Join(',', first.Fields);
        if (!headers.Contains(header, StringComparer.Ordinal))
        {
            if (first.Torn is not null && onTornLastRow is not null && headers.Any(h => h.StartsWith(header, StringComparison.Ordinal)))
            {
                // Killed before the header reached the disk whole: no rows at all.
                onTornLastRow(new TornRow(file, first.Line, first.Torn));
                yield break;
            }

            throw new ConfigException(file, first.Line, 1, $"unknown header (written by a newer or different build?); expected: {headers[^1]}");
        }

        var width = first.Fields.Count;
        while (scanner.Next() is { } row)
        {
            if (row.Torn is { } torn && onTornLastRow is not null)
            {
                onTornLastRow(new TornRow(file, row.Line, torn));
                yield break;
            }

            if (row.Unclosed)
            {
                throw new ConfigException(file, row.Line, row.Columns[^1], "torn or corrupt row: a quoted field is not closed");
            }

            if (row.Fields.Count != width)
            {
                throw new ConfigException(file, row.Line, 1, $"torn or corrupt row: {row.Fields.Count} fields where the header has {width}");
            }

            yield return row;
        }
    }

    /// <summary>One row read: its fields, the 1-based line it starts on and each field's 1-based column.</summary>
    internal sealed record CsvRow(string File, long Line, List<string> Fields, List<int> Columns)
    {
        /// <summary>The file ended inside this row (after its last field, no line break; or in an open quote): why, else null.</summary>
        public string? Torn { get; init; }

        /// <summary>The file ended inside a quoted field of this row.</summary>
        public bool Unclosed { get; init; }

        public string? Text(int i) => Fields[i].Length == 0 ? null : Fields[i];

        public double? Double(int i)
        {
            var s = Fields[i];
            if (s.Length == 0)
            {
                return null;
            }

            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? v
                : throw new ConfigException(File, Line, Columns[i], $"'{s}' is not a number");
        }

        public long? Long(int i)
        {
            var s = Fields[i];
            if (s.Length == 0)
            {
                return null;
            }

            return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new ConfigException(File, Line, Columns[i], $"'{s}' is not a whole number");
        }

        public int? Int(int i) => Long(i) is { } v ? checked((int)v) : null;
    }

    private sealed class Scanner(TextReader reader, string file)
    {
        private readonly LineReader _lines = new(reader);
        private long _line;

        public CsvRow? Next()
        {
            string? text;
            bool terminated;
            do
            {
                text = _lines.ReadLine(out terminated);
                _line++;
                if (text is null)
                {
                    return null;
                }
            }
            while (text.Length == 0);

            var start = _line;
            var fields = new List<string>();
            var columns = new List<int> { 1 };
            var field = new StringBuilder();
            var quoted = false;
            var i = 0;
            while (true)
            {
                if (i == text.Length)
                {
                    if (!quoted)
                    {
                        break;
                    }

                    // A quoted field holding a line break continues on the next line.
                    var more = terminated ? _lines.ReadLine(out terminated) : null;
                    _line++;
                    if (more is null)
                    {
                        fields.Add(field.ToString());
                        return new CsvRow(file, start, fields, columns) { Torn = "the file ends inside a quoted field", Unclosed = true };
                    }

                    field.Append('\n');
                    text = more;
                    i = 0;
                    continue;
                }

                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    columns.Add(i + 2);
                }
                else
                {
                    field.Append(c);
                }

                i++;
            }

            fields.Add(field.ToString());

            // Every writer of these files ends a row with a line break, so a last line without one
            // was cut short, even when its field count looks right (a number may have lost digits).
            return new CsvRow(file, start, fields, columns) { Torn = terminated ? null : "the file ends before the row's line break" };
        }
    }

    /// <summary>Lines of a reader, telling whether each ended with a line break (TextReader.ReadLine cannot).</summary>
    private sealed class LineReader(TextReader reader)
    {
        private readonly char[] _buffer = new char[1 << 14];
        private readonly StringBuilder _line = new();
        private int _position;
        private int _length;

        /// <summary>The next line without its "\n" or "\r\n"; null at the end of the text.</summary>
        public string? ReadLine(out bool terminated)
        {
            _line.Clear();
            while (true)
            {
                if (_position == _length)
                {
                    _length = reader.Read(_buffer, 0, _buffer.Length);
                    _position = 0;
                    if (_length == 0)
                    {
                        terminated = false;
                        return _line.Length > 0 ? _line.ToString() : null;
                    }
                }

                var rest = _buffer.AsSpan(_position, _length - _position);
                var end = rest.IndexOf('\n');
                if (end < 0)
                {
                    _line.Append(rest);
                    _position = _length;
                    continue;
                }

                _line.Append(rest[..end]);
                _position += end + 1;
                if (_line.Length > 0 && _line[^1] == '\r')
                {
                    _line.Length--;
                }

                terminated = true;
                return _line.ToString();
            }
        }
    }
}
