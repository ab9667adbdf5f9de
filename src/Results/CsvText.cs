using System.Globalization;
using System.Text;
using LoadTest.Core;

namespace LoadTest.Results;

/// <summary>
/// RFC 4180 for the flat CSV files of a run. Writing: fields quoted only when they hold a comma,
/// quote or line break; numbers in invariant culture, milliseconds to the microsecond ("0.###").
/// Reading: quoted fields may span lines; a row that ends inside quotes or has the wrong number of
/// fields (a torn last line of a killed run, or an edited file) is a <see cref="ConfigException"/>
/// naming the file, line and column.
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
    /// lines are skipped; an empty file has no rows.
    /// </summary>
    internal static IEnumerable<CsvRow> Rows(TextReader reader, string file, IReadOnlyList<string> headers)
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
            throw new ConfigException(file, first.Line, 1, $"unknown header (written by a newer or different build?); expected: {headers[^1]}");
        }

        var width = first.Fields.Count;
        while (scanner.Next() is { } row)
        {
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
        private long _line;

        public CsvRow? Next()
        {
            string? text;
            do
            {
                text = reader.ReadLine();
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
                    var more = reader.ReadLine();
                    _line++;
                    if (more is null)
                    {
                        throw new ConfigException(file, start, columns[^1], "torn or corrupt row: a quoted field is not closed");
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
            return new CsvRow(file, start, fields, columns);
        }
    }
}
