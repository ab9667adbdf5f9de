using System.Globalization;
using LoadTest.Scenarios.Results;
using LoadTest.Scenarios.Output;

namespace LoadTest.Reports;

/// <summary>
/// timeseries.csv: one <see cref="TimeseriesRow"/> per second, camelCase header in the record's
/// order. Reading goes by header name, so extra or reordered columns from a newer engine still load.
/// </summary>
public static class TimeseriesCsv
{
    public const string FileName = ResultsDirectory.TimeseriesFile;

    private static readonly (string Name, Func<TimeseriesRow, double> Get, Func<TimeseriesRow, string, TimeseriesRow> Set)[] Columns =
    [
        ("second", r => r.Second, (r, v) => r with { Second = (int)ParseDouble(v) }),
        ("phase", r => r.Phase, (r, v) => r with { Phase = (int)ParseDouble(v) }),
        ("offered", r => r.Offered, (r, v) => r with { Offered = ParseLong(v) }),
        ("started", r => r.Started, (r, v) => r with { Started = ParseLong(v) }),
        ("dropped", r => r.Dropped, (r, v) => r with { Dropped = ParseLong(v) }),
        ("ok", r => r.Ok, (r, v) => r with { Ok = ParseLong(v) }),
        ("throttled", r => r.Throttled, (r, v) => r with { Throttled = ParseLong(v) }),
        ("failed", r => r.Failed, (r, v) => r with { Failed = ParseLong(v) }),
        ("throttledAttempts", r => r.ThrottledAttempts, (r, v) => r with { ThrottledAttempts = ParseLong(v) }),
        ("inFlight", r => r.InFlight, (r, v) => r with { InFlight = ParseLong(v) }),
        ("quotaTokens", r => r.QuotaTokens, (r, v) => r with { QuotaTokens = ParseLong(v) }),
        ("inputTokens", r => r.InputTokens, (r, v) => r with { InputTokens = ParseLong(v) }),
        ("outputTokens", r => r.OutputTokens, (r, v) => r with { OutputTokens = ParseLong(v) }),
        ("latencyP50Ms", r => r.LatencyP50Ms, (r, v) => r with { LatencyP50Ms = ParseDouble(v) }),
        ("latencyP95Ms", r => r.LatencyP95Ms, (r, v) => r with { LatencyP95Ms = ParseDouble(v) }),
        ("latencyP99Ms", r => r.LatencyP99Ms, (r, v) => r with { LatencyP99Ms = ParseDouble(v) }),
        ("ttftP50Ms", r => r.TtftP50Ms, (r, v) => r with { TtftP50Ms = ParseDouble(v) }),
        ("ttftP95Ms", r => r.TtftP95Ms, (r, v) => r with { TtftP95Ms = ParseDouble(v) }),
    ];

    public static void Write(string path, IEnumerable<TimeseriesRow> rows)
    {
        using var writer = new StreamWriter(path);
        Write(writer, rows);
    }

    public static void Write(TextWriter writer, IEnumerable<TimeseriesRow> rows)
    {
        writer.NewLine = "\n";
        writer.WriteLine(string.Join(',', Columns.Select(c => c.Name)));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(',', Columns.Select(c => c.Get(row).ToString("0.###", CultureInfo.InvariantCulture))));
        }
    }

    public static IReadOnlyList<TimeseriesRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static IReadOnlyList<TimeseriesRow> Read(TextReader reader, string name = FileName)
    {
        var header = reader.ReadLine();
        if (header is null)
        {
            return [];
        }

        var setters = CsvLine.Split(header)
            .Select(h => Array.Find(Columns, c => string.Equals(c.Name, h.Trim(), StringComparison.OrdinalIgnoreCase)).Set)
            .ToArray();
        var rows = new List<TimeseriesRow>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = CsvLine.Split(line);
            var row = new TimeseriesRow();
            for (var i = 0; i < fields.Count && i < setters.Length; i++)
            {
                if (setters[i] is { } set && fields[i].Length > 0)
                {
                    try
                    {
                        row = set(row, fields[i]);
                    }
                    catch (FormatException)
                    {
                        throw new FormatException($"{name}:{lineNumber}: column {i + 1} is not a number: '{fields[i]}'");
                    }
                }
            }

            rows.Add(row);
        }

        return rows;
    }

    private static long ParseLong(string s) => (long)ParseDouble(s);

    private static double ParseDouble(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
