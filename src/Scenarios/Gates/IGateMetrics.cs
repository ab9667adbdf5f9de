namespace LoadTest.Scenarios.Gates;

/// <summary>
/// Where gates look up measured values: a finished run's summary (<see cref="RunSummaryMetrics"/>)
/// or the engine's live aggregates (for abortOnFail). Values are canonical: durations in ms, rates
/// as fractions 0..1, counts, requests per minute.
/// </summary>
public interface IGateMetrics
{
    /// <summary>False, with a reason a person can act on, when the value is not known (no samples, unknown workload, ...).</summary>
    bool TryGetValue(GateMetric metric, GateScope scope, out double value, out string reason);
}
