using LoadTest.Scenarios.Results;

namespace LoadTest.Reports;

/// <summary>The data files of one run, as every report reads them.</summary>
public sealed record RunData(string Directory, RunSummary Summary, IReadOnlyList<TimeseriesRow> Timeseries);
