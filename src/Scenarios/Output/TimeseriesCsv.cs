using System.Text;
using LoadTest.Scenarios.Results;

namespace LoadTest.Scenarios.Output;

/// <summary>timeseries.csv: one row per second, columns in the order of <see cref="TimeseriesRow"/>.</summary>
public static class TimeseriesCsv
{
    public const string Header = "second,phase,offered,started,dropped,ok,throttled,failed,throttledAttempts,inFlight,quotaTokens,inputTokens,outputTokens,latencyP50Ms,latencyP95Ms,latencyP99Ms,ttftP50Ms,ttftP95Ms";

    public static void Write(string path, IEnumerable<TimeseriesRow> rows)
    {
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
                .Append(CsvText.Field(r.TtftP95Ms)).Append('\n');
        }

        AtomicFile.Write(path, b.ToString());
    }
}
