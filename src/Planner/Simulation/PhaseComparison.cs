namespace LoadTest.Planner.Simulation;

/// <summary>One load phase of a run: its requests to the profile, their rate, and the throttle rate measured and replayed.</summary>
public sealed record PhaseComparison(
    int Phase,
    string Description,
    long Requests,
    double OfferedRpm,
    double MeasuredThrottleRate,
    double PredictedThrottleRate);
