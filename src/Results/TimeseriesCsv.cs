using System.Text;
using LoadTest.Core;

namespace LoadTest.Results;

/// <summary>
/// The per-second file of a run (<see cref="ResultsDirectory.TimeseriesFile"/>): one
/// <see cref="TimeseriesRow"/> per second, columns in the record's order. The header must be
/// one this build knows: <see cref="Header"/> (schema version 2) or <see cref="HeaderVersion1"/>,
/// whose rows read with <see cref="TimeseriesRow.QuotaTpm"/> and <see cref="TimeseriesRow.Rpm"/>
/// null. Any other header, or a torn or corrupt row, is refused (exit 2).
/// </summary>
public static class TimeseriesCsv
{
    public const string HeaderVersion1 = "second,phase,offered,started,dropped,ok,throttled,failed,throttledAttempts,inFlight,quotaTokens,inputTokens,outputTokens,latencyP50Ms,latencyP95Ms,latencyP99Ms,ttftP50Ms,ttftP95Ms";

    public const string Header = HeaderVersion1 + ",quotaTpm,rpm";

    private static readonly string[] Headers = [HeaderVersion1, Header];

    public static void Write(string path, IEnumerable<TimeseriesRow> rows)
    {
        using var text = new StringWriter();
        Write(text, rows);
        AtomicFile.Write(path, text.ToString());
    }

    public static void Write(TextWriter writer, IEnumerable<TimeseriesRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        var b = new StringBuilder();
        b.Append(Header).Append('\n');
        foreach (var r in rows)
        {
            b.Append(CsvText.Field(r.Second)).Append(',')
                .Append(CsvText.Field(r.Phase)).Append(',')
                .Append(CsvText.Field(r.Offered)).Append(',')
                .Append(CsvText.Field(r.Started)).Append(',')
                .Append(CsvText.Field(r.Dropped)).Append(',')
                .Append(CsvText.Field(r.Ok)).Append(',')
                .Append(CsvText.Field(r.Throttled)).Append(',')
                .Append(CsvText.Field(r.Failed)).Append(',')
                .Append(CsvText.Field(r.ThrottledAttempts)).Append(',')
                .Append(CsvText.Field(r.InFlight)).Append(',')
                .Append(CsvText.Field(r.QuotaTokens)).Append(',')
                .Append(CsvText.Field(r.InputTokens)).Append(',')
                .Append(CsvText.Field(r.OutputTokens)).Append(',')
                .Append(CsvText.Field(r.LatencyP50Ms)).Append(',')
                .Append(CsvText.Field(r.LatencyP95Ms)).Append(',')
                .Append(CsvText.Field(r.LatencyP99Ms)).Append(',')
                .Append(CsvText.Field(r.TtftP50Ms)).Append(',')
                .Append(CsvText.Field(r.TtftP95Ms)).Append(',')
                .Append(CsvText.Field(r.QuotaTpm)).Append(',')
                .Append(CsvText.Field(r.Rpm)).Append('\n');
        }

        writer.Write(b.ToString());
    }

    public static IReadOnlyList<TimeseriesRow> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found");
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path);
    }

    public static IReadOnlyList<TimeseriesRow> Read(TextReader reader, string name)
    {
        var version1Width = HeaderVersion1.Count(c => c == ',') + 1;
        var rows = new List<TimeseriesRow>();
        foreach (var row in CsvText.Rows(reader, name, Headers))
        {
            var current = row.Fields.Count > version1Width;
            rows.Add(new TimeseriesRow
            {
                Second = row.Int(0) ?? 0,
                Phase = row.Int(1) ?? 0,
                Offered = row.Long(2) ?? 0,
                Started = row.Long(3) ?? 0,
                Dropped = row.Long(4) ?? 0,
                Ok = row.Long(5) ?? 0,
                Throttled = row.Long(6) ?? 0,
                Failed = row.Long(7) ?? 0,
                ThrottledAttempts = row.Long(8) ?? 0,
                InFlight = row.Long(9) ?? 0,
                QuotaTokens = row.Long(10) ?? 0,
                InputTokens = row.Long(11) ?? 0,
                OutputTokens = row.Long(12) ?? 0,
                LatencyP50Ms = row.Double(13) ?? 0,
                LatencyP95Ms = row.Double(14) ?? 0,
                LatencyP99Ms = row.Double(15) ?? 0,
                TtftP50Ms = row.Double(16) ?? 0,
                TtftP95Ms = row.Double(17) ?? 0,
                QuotaTpm = current ? row.Double(18) : null,
                Rpm = current ? row.Double(19) : null,
            });
        }

        return rows;
    }
}
