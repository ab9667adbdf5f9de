using System.Text;
using System.Text.Json;
using LoadTest.Scenarios.Results;

namespace LoadTest.Reports;

/// <summary>Writes every report of a run from the one result model.</summary>
public static class ReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes report.html, report.md and junit.xml into <paramref name="directory"/>, and
    /// timeseries.csv when the engine has not written one. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> WriteAll(string directory, RunSummary summary, IReadOnlyList<TimeseriesRow> timeseries)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(timeseries);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var csv = Path.Combine(directory, TimeseriesCsv.FileName);
        if (!File.Exists(csv))
        {
            TimeseriesCsv.Write(csv, timeseries);
            written.Add(csv);
        }

        var run = new RunData(directory, summary, timeseries);
        written.Add(Write(directory, HtmlReport.FileName, HtmlReport.Render(run)));
        written.Add(Write(directory, MarkdownReport.FileName, MarkdownReport.Render(run)));
        written.Add(WriteJunit(directory, summary, summary.Gates));
        return written;
    }

    /// <summary>Regenerates every report of a results directory from its data files.</summary>
    public static IReadOnlyList<string> Regenerate(string directory)
    {
        var run = RunReader.Load(directory);
        return WriteAll(directory, run.Summary, run.Timeseries);
    }

    public static string WriteJunit(string directory, RunSummary summary, IReadOnlyList<GateResult> gates)
        => Write(directory, JunitReport.FileName, JunitReport.Render(summary, gates));

    /// <summary>summary.json as the engine writes it (for tests and tools that build a summary).</summary>
    public static string WriteSummary(string directory, RunSummary summary)
    {
        Directory.CreateDirectory(directory);
        return Write(directory, RunReader.SummaryFile, JsonSerializer.Serialize(summary, RunJson.Options));
    }

    private static string Write(string directory, string name, string content)
    {
        // Write then rename, so a reader never sees half a report.
        var path = Path.Combine(directory, name);
        Scenarios.Output.AtomicFile.Write(path, content);
        return path;
    }
}
