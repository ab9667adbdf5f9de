using LoadTest.Core;
using LoadTest.Scenarios.Finishing;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>Opens a results directory for the reports, through the result codec (<see cref="ResultsDirectory"/>).</summary>
public static class RunReader
{
    /// <summary>
    /// Loads a run: its summary and its per-second rows as the recorder stored them. A missing or
    /// unreadable summary is a <see cref="ConfigException"/> (exit 2). A folder without per-second
    /// rows loads with none, and the reports say so (<see cref="RunNotes"/>) rather than rebuild them.
    /// A run killed while it went left only a snapshot: its result is rebuilt from the rows on disk
    /// (<see cref="InterruptedRun"/>), never read from the stale snapshot; it stays partial.
    /// </summary>
    public static RunData Load(string directory)
    {
        var folder = ResultsDirectory.Existing(directory);
        var summary = folder.ReadSummary();
        if (summary.IsSnapshot)
        {
            var (rebuilt, series) = InterruptedRun.Rebuild(folder, summary);
            return new RunData(directory, rebuilt, series) { HasTimeseries = folder.HasRequests || folder.HasTimeseries };
        }

        var rows = folder.ReadTimeseries();
        return new RunData(directory, summary, rows ?? []) { HasTimeseries = rows is not null };
    }

    /// <summary>A run's summary, as <see cref="Load"/> reads it (rebuilt from the rows when the run was killed).</summary>
    public static RunSummary LoadSummary(string directory) => Load(directory).Summary;
}
