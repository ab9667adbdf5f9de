using System.Text;
using LoadTest.Core;

namespace LoadTest.Results;

/// <summary>
/// An arrival trace (<see cref="FileName"/>, written by <c>loadtest import</c> and played back by a
/// scenario's <c>replay</c> phase): a header and one row per recorded request
/// (<see cref="ArrivalRow"/>). Rows need not be in time order; the reader keeps the file's order and
/// the player sorts. Reading streams (a month of traffic is millions of rows); a corrupt row, a
/// negative offset or token count, or a row without a workload is a <see cref="ConfigException"/>
/// naming the file, line and column.
/// </summary>
public static class ArrivalsCsv
{
    /// <summary>The trace's usual name; it lives in an import folder, not in a run's results folder.</summary>
    public const string FileName = "arrivals.csv";

    public const string Header = "offsetMs,workload,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,maxTokens";

    private static readonly string[] Headers = [Header];

    public static string Line(ArrivalRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new StringBuilder(64)
            .Append(CsvText.Field(row.OffsetMs)).Append(',')
            .Append(CsvText.Field(row.Workload)).Append(',')
            .Append(CsvText.Field(row.InputTokens)).Append(',')
            .Append(CsvText.Field(row.OutputTokens)).Append(',')
            .Append(CsvText.Field(row.CacheReadTokens)).Append(',')
            .Append(CsvText.Field(row.CacheWriteTokens)).Append(',')
            .Append(CsvText.Field(row.MaxTokens))
            .ToString();
    }

    /// <summary>Writes <paramref name="rows"/> in the order given, streaming to a temporary file that replaces <paramref name="path"/> at the end.</summary>
    public static void Write(string path, IEnumerable<ArrivalRow> rows)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
        {
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            foreach (var row in rows)
            {
                writer.WriteLine(Line(row));
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Streams the rows of <paramref name="path"/> in file order; a missing file is a <see cref="ConfigException"/>.</summary>
    public static IEnumerable<ArrivalRow> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found");
        }

        return ReadFile(path);
    }

    public static IEnumerable<ArrivalRow> Read(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var row in CsvText.Rows(reader, name, Headers))
        {
            var offset = row.Double(0) ?? throw new ConfigException(name, row.Line, row.Columns[0], "offsetMs is required");
            if (offset < 0)
            {
                throw new ConfigException(name, row.Line, row.Columns[0], $"offsetMs {row.Fields[0]} is negative; offsets count from the trace's start");
            }

            yield return new ArrivalRow
            {
                OffsetMs = offset,
                Workload = row.Text(1) ?? throw new ConfigException(name, row.Line, row.Columns[1], "workload is required"),
                InputTokens = Count(row, 2, name) ?? 0,
                OutputTokens = Count(row, 3, name) ?? 0,
                CacheReadTokens = Count(row, 4, name) ?? 0,
                CacheWriteTokens = Count(row, 5, name) ?? 0,
                MaxTokens = Count(row, 6, name),
                Line = row.Line,
                WorkloadColumn = row.Columns[1],
            };
        }
    }

    private static int? Count(CsvText.CsvRow row, int i, string name)
    {
        var v = row.Long(i);
        if (v is < 0 or > int.MaxValue)
        {
            throw new ConfigException(name, row.Line, row.Columns[i], $"'{row.Fields[i]}' is not a token count (a whole number from 0 to {int.MaxValue})");
        }

        return v is { } n ? (int)n : null;
    }

    private static IEnumerable<ArrivalRow> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        foreach (var row in Read(reader, path))
        {
            yield return row;
        }
    }
}
