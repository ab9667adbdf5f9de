namespace LoadTest.Scenarios.Measurement;

/// <summary>
/// One named step of one iteration of a C# scenario, as its sender timed it: the step's name, how
/// long it took, whether it succeeded, and the time to first token of a Bedrock call made inside it.
/// </summary>
public sealed record StepTiming(string Name, TimeSpan Duration, bool Ok)
{
    /// <summary>Time to first token of the step's first Bedrock call, from the call's start; null when it made none.</summary>
    public TimeSpan? FirstToken { get; init; }
}
