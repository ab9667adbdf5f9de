namespace LoadTest.Planner.Simulation;

/// <summary>A replayed run: the totals, and for each request (in the order given) whether it ended throttled.</summary>
public sealed record ReplayResult(CurvePoint Point, IReadOnlyList<bool> Throttled);
