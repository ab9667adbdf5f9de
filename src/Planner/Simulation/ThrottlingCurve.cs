namespace LoadTest.Planner.Simulation;

/// <summary>Throttle rate against offered load for one inference profile.</summary>
public sealed record ThrottlingCurve
{
    public required string Model { get; init; }

    /// <summary>The load multiplier 1x refers to, in requests per minute.</summary>
    public double BaselineRpm { get; init; }

    public IReadOnlyList<CurvePoint> Points { get; init; } = [];

    /// <summary>
    /// The largest simulated multiplier at and below which every point throttles under 1 % of
    /// requests; 0 when even the smallest point reaches 1 %.
    /// </summary>
    public double MaxMultiplierUnder1PctThrottle { get; init; }

    /// <summary>When built from a run: the run's load, measured and predicted.</summary>
    public MeasuredComparison? Measured { get; init; }

    public static double LargestMultiplierUnder(IReadOnlyList<CurvePoint> points, double throttleRate)
    {
        ArgumentNullException.ThrowIfNull(points);
        double best = 0;
        foreach (var p in points.OrderBy(p => p.Multiplier))
        {
            if (p.ThrottleRate >= throttleRate)
            {
                break;
            }

            best = p.Multiplier;
        }

        return best;
    }
}
