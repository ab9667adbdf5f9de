namespace LoadTest.Scenarios.Gates;

/// <summary>
/// The right-hand side of a gate, in the metric's canonical unit (ms, fraction, count, rpm):
/// either a fixed value, or <c>baseline * Factor + Offset</c> where baseline is the same metric in
/// a baseline run.
/// </summary>
public sealed record GateThreshold
{
    public double Value { get; init; }

    public bool RelativeToBaseline { get; init; }

    public double Factor { get; init; } = 1;

    public double Offset { get; init; }

    public static GateThreshold Fixed(double value) => new() { Value = value };

    public static GateThreshold Baseline(double factor = 1, double offset = 0)
        => new() { RelativeToBaseline = true, Factor = factor, Offset = offset };

    public double Resolve(double? baseline)
        => RelativeToBaseline
            ? (baseline ?? throw new InvalidOperationException("a baseline gate needs the baseline value")) * Factor + Offset
            : Value;
}
