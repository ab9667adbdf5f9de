using LoadTest.Results;

namespace LoadTest.Scenarios.Gates;

/// <summary>
/// The one rule that judges a run: its gates are evaluated on its summary, and it passed when it
/// completed and every gate passed. The engine's end of run and `loadtest gate` both judge here.
/// </summary>
public static class RunVerdict
{
    /// <summary>Returns <paramref name="measured"/> with the results of <paramref name="gates"/> and its verdict.</summary>
    public static RunSummary Judge(RunSummary measured, IEnumerable<Gate> gates, RunSummary? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(gates);
        var results = GateEvaluator.Evaluate(gates, measured, baseline);
        return measured with { Gates = results, Passed = measured.Completed && results.All(r => r.Passed) };
    }
}
