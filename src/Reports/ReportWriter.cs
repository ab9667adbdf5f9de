using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>Writes every report of a run from the one result model.</summary>
public static class ReportWriter
{
    /// <summary>
    /// Writes report.html, report.md and junit.xml into <paramref name="directory"/> from the run's
    /// stored result (the result files themselves are written only by the engine, through the codec).
    /// Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(string directory, RunSummary summary, IReadOnlyList<TimeseriesRow> timeseries)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(timeseries);
        return WriteAll(new RunData(directory, summary, timeseries) { HasTimeseries = new ResultsDirectory(directory).HasTimeseries });
    }

    /// <summary>Regenerates every report of a results directory from its data files.</summary>
    public static IReadOnlyList<string> Regenerate(string directory)
    {
        return WriteAll(RunReader.Load(directory));
    }

    /// <summary>Regenerates every report of a run already loaded (<see cref="RunReader.Load"/>).</summary>
    public static IReadOnlyList<string> Regenerate(RunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAll(run);
    }

    private static IReadOnlyList<string> WriteAll(RunData run)
    {
        Directory.CreateDirectory(run.Directory);
        return
        [
            Write(run.Directory, HtmlReport.FileName, HtmlReport.Render(run)),
            Write(run.Directory, MarkdownReport.FileName, MarkdownReport.Render(run)),
            WriteJunit(run.Directory, run.Summary, run.Summary.Gates),
        ];
    }

    public static string WriteJunit(string directory, RunSummary summary, IReadOnlyList<GateResult> gates)
        => Write(directory, JunitReport.FileName, JunitReport.Render(summary, gates));

    private static string Write(string directory, string name, string content)
    {
        // Write then rename, so a reader never sees half a report.
        var path = Path.Combine(directory, name);
        AtomicFile.Write(path, content);
        return path;
    }
}
