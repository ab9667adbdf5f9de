namespace LoadTest.Planner.Requirements;

/// <summary>What an import read: its model invocation log records and the first and last request time (UTC).</summary>
public sealed record RecordedSpan(long Records, DateTimeOffset? First, DateTimeOffset? Last);
