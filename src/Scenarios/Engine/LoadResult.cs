using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>What a run hands back besides its files: the summary and the per-second rows (for reports).</summary>
public sealed record LoadResult(RunSummary Summary, IReadOnlyList<TimeseriesRow> Timeseries);
