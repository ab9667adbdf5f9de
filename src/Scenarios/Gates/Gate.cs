namespace LoadTest.Scenarios.Gates;

/// <summary>
/// One parsed gate, e.g. <c>p95(ttft){workload:support-chat} &lt; 2s</c>. Made only by
/// <see cref="GateParser"/>; evaluated by <see cref="GateEvaluator"/>.
/// </summary>
public sealed record Gate
{
    /// <summary>The expression as written; the gate's name in reports and JUnit.</summary>
    public required string Expression { get; init; }

    public required GateMetric Metric { get; init; }

    public GateScope Scope { get; init; } = GateScope.Run;

    public required GateComparison Comparison { get; init; }

    public required GateThreshold Threshold { get; init; }

    /// <summary>The unit results are reported in (the threshold's unit as written).</summary>
    public GateUnit Unit { get; init; } = GateUnit.Number;

    /// <summary>Stop the run as soon as the live aggregates fail this gate.</summary>
    public bool AbortOnFail { get; init; }

    /// <summary>How long into the run before an abortOnFail gate is first checked (too few samples before).</summary>
    public TimeSpan AbortDelay { get; init; }

    public bool NeedsBaseline => Threshold.RelativeToBaseline;
}
