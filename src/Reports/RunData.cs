using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>The data files of one run, as every report reads them.</summary>
public sealed record RunData(string Directory, RunSummary Summary, IReadOnlyList<TimeseriesRow> Timeseries)
{
    /// <summary>False when the folder had no per-second file (an older or interrupted run).</summary>
    public bool HasTimeseries { get; init; } = true;
}
