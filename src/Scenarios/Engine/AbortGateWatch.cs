using LoadTest.Scenarios.Gates;
using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Watches a run's abortOnFail gates on its live aggregates. A gate is checked only past its delay,
/// and a value that cannot be measured yet (no samples) is no reason to stop.
/// </summary>
internal sealed class AbortGateWatch
{
    private readonly List<Gate> _gates;
    private readonly RunSummaryMetrics? _baseline;

    public AbortGateWatch(IEnumerable<Gate> gates, RunSummary? baseline)
    {
        _gates = gates.Where(g => g.AbortOnFail).ToList();
        _baseline = baseline is null ? null : new RunSummaryMetrics(baseline);
    }

    /// <summary>The first abortOnFail gate that fails at <paramref name="nowMs"/>, or null; <paramref name="live"/> is built only when a gate is due.</summary>
    public Gate? FirstFailing(double nowMs, Func<RunSummary> live)
    {
        var due = _gates.Where(g => nowMs >= g.AbortDelay.TotalMilliseconds).ToList();
        if (due.Count == 0)
        {
            return null;
        }

        var metrics = new RunSummaryMetrics(live());
        return due.Find(gate => GateEvaluator.Evaluate(gate, metrics, _baseline) is { Passed: false, Actual: not null });
    }
}
