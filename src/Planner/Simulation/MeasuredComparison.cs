namespace LoadTest.Planner.Simulation;

/// <summary>The run's own load on the curve: measured throttle rate against the simulation's prediction.</summary>
public sealed record MeasuredComparison(
    double OfferedRpm,
    double Multiplier,
    double DurationSeconds,
    double MeasuredThrottleRate,
    double PredictedThrottleRate)
{
    /// <summary>Predicted minus measured, in percentage points.</summary>
    public double DifferencePercentagePoints => (PredictedThrottleRate - MeasuredThrottleRate) * 100;
}
