namespace LoadTest.Scenarios.Engine;

/// <summary>
/// A sender's request cancelled part way through (its deadline, or the run's end) that had already
/// measured something worth keeping: a C# iteration's finished steps and Bedrock calls. The engine
/// records <see cref="Measured"/> under the cancellation's outcome instead of an empty result.
/// </summary>
public sealed class PartlyMeasuredCancellation : OperationCanceledException
{
    public PartlyMeasuredCancellation(SendResult measured, OperationCanceledException cause)
        : base("The request was cancelled after part of it was measured.", cause, cause?.CancellationToken ?? default)
    {
        Measured = measured ?? throw new ArgumentNullException(nameof(measured));
    }

    public PartlyMeasuredCancellation()
    {
        Measured = new SendResult { Outcome = Results.Outcomes.Timeout };
    }

    public PartlyMeasuredCancellation(string message)
        : base(message)
    {
        Measured = new SendResult { Outcome = Results.Outcomes.Timeout };
    }

    public PartlyMeasuredCancellation(string message, Exception innerException)
        : base(message, innerException)
    {
        Measured = new SendResult { Outcome = Results.Outcomes.Timeout };
    }

    /// <summary>What the request measured before it was cancelled (its outcome is replaced by the cancellation's).</summary>
    public SendResult Measured { get; }
}
