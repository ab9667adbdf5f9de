using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// The rows of `loadtest compare` for the named steps of C# scenarios: per step either run timed,
/// p50 and p95 latency and error rate, named as gates name them. Nothing when neither run has steps.
/// </summary>
internal static class StepComparisonRows
{
    public static void Add(List<ComparisonRow> rows, RunSummary a, RunSummary b)
    {
        var stepsA = a.Steps ?? new Dictionary<string, StepSummary>();
        var stepsB = b.Steps ?? new Dictionary<string, StepSummary>();
        foreach (var name in stepsA.Keys.Union(stepsB.Keys).Order(StringComparer.Ordinal))
        {
            var sa = stepsA.GetValueOrDefault(name);
            var sb = stepsB.GetValueOrDefault(name);
            rows.Add(new ComparisonRow($"p50(step:{name})", Latency(sa, p => p.P50), Latency(sb, p => p.P50), ComparisonUnit.Milliseconds, true));
            rows.Add(new ComparisonRow($"p95(step:{name})", Latency(sa, p => p.P95), Latency(sb, p => p.P95), ComparisonUnit.Milliseconds, true));
            rows.Add(new ComparisonRow($"error_rate{{step:{name}}}", sa is { Count: > 0 } ? sa.ErrorRate : null, sb is { Count: > 0 } ? sb.ErrorRate : null, ComparisonUnit.Fraction, true));
        }
    }

    private static double? Latency(StepSummary? step, Func<Percentiles, double> pick)
        => step is { LatencyMs.Count: > 0 } ? pick(step.LatencyMs) : null;
}
