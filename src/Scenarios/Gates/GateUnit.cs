namespace LoadTest.Scenarios.Gates;

/// <summary>The unit a gate's threshold was written in; results are reported in the same unit.</summary>
public enum GateUnit
{
    /// <summary>A plain number: a count, requests per minute, or a rate as a fraction 0..1.</summary>
    Number,
    Milliseconds,
    Seconds,
    Percent,
}
