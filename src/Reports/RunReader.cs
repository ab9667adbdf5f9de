using LoadTest.Core;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>Opens a results directory for the reports, through the result codec (<see cref="ResultsDirectory"/>).</summary>
public static class RunReader
{
    /// <summary>
    /// Loads a run: its summary and its per-second rows as the recorder stored them. A missing or
    /// unreadable summary is a <see cref="ConfigException"/> (exit 2). A folder without per-second
    /// rows loads with none, and the reports say so (<see cref="RunNotes"/>) rather than rebuild them.
    /// </summary>
    public static RunData Load(string directory)
    {
        var folder = ResultsDirectory.Existing(directory);
        var summary = folder.ReadSummary();
        var rows = folder.ReadTimeseries();
        return new RunData(directory, summary, rows ?? []) { HasTimeseries = rows is not null };
    }

    public static RunSummary LoadSummary(string directory) => ResultsDirectory.Existing(directory).ReadSummary();
}
