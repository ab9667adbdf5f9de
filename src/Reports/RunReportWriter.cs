using LoadTest.Scenarios.Finishing;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// The reports of a finished run (report.html, report.md, junit.xml), handed to the engine and to
/// `loadtest gate` so that <see cref="ResultFinisher"/> writes them right after the summary file.
/// </summary>
public sealed class RunReportWriter : IReportWriter
{
    public static RunReportWriter Instance { get; } = new();

    public void Write(string directory, RunSummary summary, IReadOnlyList<TimeseriesRow> timeseries)
        => ReportWriter.WriteAll(directory, summary, timeseries);
}
