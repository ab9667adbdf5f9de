namespace LoadTest.Planner.Requirements;

/// <summary>
/// How the day's traffic relates to the peak, for tokens per day. Either a flat ratio of the
/// day's average to its peak (1 = the peak lasts all day, the conservative default), or 24 hourly
/// weights in any unit, where the largest hour is the peak.
/// </summary>
public sealed record DailyShape
{
    public static DailyShape FlatPeak { get; } = new();

    public double AverageToPeak { get; init; } = 1;

    /// <summary>24 relative loads, one per hour of the day; overrides <see cref="AverageToPeak"/> when set.</summary>
    public IReadOnlyList<double>? HourlyProfile { get; init; }

    /// <summary>The day's average load over its peak-hour load, 0..1.</summary>
    public double Ratio
    {
        get
        {
            if (HourlyProfile is { Count: > 0 } hours)
            {
                var peak = hours.Max();
                return peak <= 0 ? 0 : hours.Average() / peak;
            }

            return AverageToPeak;
        }
    }

    public string Describe() => HourlyProfile is { Count: > 0 }
        ? $"24-hour profile (average/peak = {Ratio:0.###})"
        : Ratio >= 1 ? "flat day at the peak rate" : $"average/peak = {Ratio:0.###}";
}
