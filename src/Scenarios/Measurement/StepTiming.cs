namespace LoadTest.Scenarios.Measurement;

/// <summary>
/// One named step of one iteration of a C# scenario, as its sender timed it: the step's name, how
/// long it took, whether it succeeded, the time to first token of a Bedrock call made inside it, and
/// the sizes the step reported.
/// </summary>
public sealed record StepTiming(string Name, TimeSpan Duration, bool Ok)
{
    /// <summary>Time to first token of the step's first Bedrock call, from the call's start; null when it made none.</summary>
    public TimeSpan? FirstToken { get; init; }

    /// <summary>The step was still running when its iteration hit its deadline (or the run ended); it counts as failed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Bytes the step said it sent (its result's request size; 0 when it said none).</summary>
    public long RequestBytes { get; init; }

    /// <summary>Bytes the step said it received.</summary>
    public long ResponseBytes { get; init; }
}
