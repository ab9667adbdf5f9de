using LoadTest.Results;

namespace LoadTest.Scenarios.Finishing;

/// <summary>
/// Renders the reports of a finished run (report.html, report.md, junit.xml) from its result model.
/// The reports live in their own project, which depends on this one; the engine and `loadtest gate`
/// are handed an implementation so that every output is written by <see cref="ResultFinisher"/>.
/// </summary>
public interface IReportWriter
{
    void Write(string directory, RunSummary summary, IReadOnlyList<TimeseriesRow> timeseries);
}
