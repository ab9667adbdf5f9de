using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Output;
using LoadTest.Results;

namespace LoadTest.Scenarios.Finishing;

/// <summary>
/// Finishes a run's result: judges it against its gates (<see cref="RunVerdict"/>) and writes
/// the summary file and then the reports, so the four outputs of a results directory always say the
/// same thing. The engine finishes here at the end of a run and `loadtest gate` when it re-judges
/// a finished one; the per-second file and the per-request file are measurements, written by the engine alone.
/// </summary>
public sealed class ResultFinisher
{
    private readonly IReportWriter? _reports;

    /// <param name="reports">Writes report.html, report.md and junit.xml; null writes the summary file alone.</param>
    public ResultFinisher(IReportWriter? reports = null)
    {
        _reports = reports;
    }

    public RunSummary Finish(ResultsDirectory output, RunSummary measured, IReadOnlyList<TimeseriesRow> timeseries, IEnumerable<Gate> gates, RunSummary? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(timeseries);
        var summary = RunVerdict.Judge(measured, gates, baseline);
        output.Create();
        SummaryJson.Write(output.Summary, summary);
        _reports?.Write(output.Path, summary, timeseries);
        return summary;
    }
}
