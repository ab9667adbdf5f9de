using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>How a run ended (or that it is still going), with the gate that stopped it when one did.</summary>
public sealed record RunStop(RunStopKind Kind, string? Gate = null)
{
    public static RunStop Completed { get; } = new(RunStopKind.Completed);

    public static RunStop Running { get; } = new(RunStopKind.Running);

    public static RunStop Cancelled { get; } = new(RunStopKind.Cancelled);

    public static RunStop AbortedBy(string gateExpression) => new(RunStopKind.AbortedByGate, gateExpression);

    public bool IsCompleted => Kind == RunStopKind.Completed;

    /// <summary>The text the summary file's stopReason carries for people; null for a completed run.</summary>
    public string? Reason => Kind switch
    {
        RunStopKind.Completed => null,
        RunStopKind.Running => "running",
        RunStopKind.Cancelled => "cancelled",
        _ => $"aborted by gate '{Gate}'",
    };
}
