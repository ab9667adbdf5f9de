namespace LoadTest.Scenarios.Gates;

/// <summary>The statistic of a distribution metric, e.g. the <c>p95</c> of <c>p95(ttft)</c>.</summary>
public enum GateStatistic
{
    /// <summary>The metric is a single number (throttle_rate, dropped, ...).</summary>
    None,
    P50,
    P90,
    P95,
    P99,
    P999,
    Max,
    Mean,
}
