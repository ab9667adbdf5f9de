namespace LoadTest.Planner.Simulation;

/// <summary>The run's own load on the curve: measured throttle rate against the simulation's prediction.</summary>
public sealed record MeasuredComparison(
    double OfferedRpm,
    double Multiplier,
    double DurationSeconds,
    double MeasuredThrottleRate,
    double PredictedThrottleRate)
{
    /// <summary>
    /// True when <see cref="PredictedThrottleRate"/> replays the run's own arrival times; false
    /// when only its average rate was known.
    /// </summary>
    public bool ReplayedArrivals { get; init; }

    /// <summary>The predicted share of requests refused on the client by the SDK's rate limiter (part of <see cref="PredictedThrottleRate"/>).</summary>
    public double PredictedClientRefusalRate { get; init; }

    /// <summary>
    /// The timer tick the simulated .NET client's limiter waits woke on, in milliseconds (the run
    /// host's, when the run measured it); null when the client was not the .NET SDK's adaptive one.
    /// </summary>
    public double? ClientTimerTickMs { get; init; }

    /// <summary>The prediction for a steady load at the run's average rate (a curve point's kind of load).</summary>
    public double PredictedAtAverageRate { get; init; }

    /// <summary>Measured and replayed throttle rate per load phase of the run (when its phases are known).</summary>
    public IReadOnlyList<PhaseComparison> Phases { get; init; } = [];

    /// <summary>Predicted minus measured, in percentage points.</summary>
    public double DifferencePercentagePoints => (PredictedThrottleRate - MeasuredThrottleRate) * 100;
}
