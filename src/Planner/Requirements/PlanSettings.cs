using LoadTest.Core;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Simulation;

namespace LoadTest.Planner.Requirements;

/// <summary>
/// What a plan is for. Defaults give plain arithmetic: multiplier 1, growth 1, utilization 1
/// (peak = baseline, recommended = required rounded up).
/// </summary>
public sealed record PlanSettings
{
    /// <summary>Peak load over the baseline (a festival peak: 3-5x).</summary>
    public double PeakMultiplier { get; init; } = 1;

    /// <summary>Organic growth by the time of the peak (1.5 = +50 %).</summary>
    public double Growth { get; init; } = 1;

    /// <summary>The share of a quota the peak may use; recommended = required / utilization (0.8 leaves 20 % headroom).</summary>
    public double TargetUtilization { get; init; } = 1;

    /// <summary>Overrides baseline x multiplier x growth with an absolute peak rate.</summary>
    public double? PeakRpm { get; init; }

    public DailyShape DailyShape { get; init; } = DailyShape.FlatPeak;

    public ReservationPolicy Reservation { get; init; } = ReservationPolicy.Default;

    /// <summary>Where quota increases are requested (AWS CLI --region).</summary>
    public string QuotaRegion { get; init; } = "us-east-1";

    public PriceSettings Prices { get; init; } = PriceSettings.Default;

    public SimulationSettings Simulation { get; init; } = new();

    /// <summary>Skip the throttling curves (they need known quotas anyway).</summary>
    public bool SkipCurves { get; init; }

    /// <summary>Throws a <see cref="ConfigException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        static void Positive(double v, string name)
        {
            if (!(v > 0) || double.IsInfinity(v))
            {
                throw new ConfigException($"{name} must be a positive number (got {v})");
            }
        }

        Positive(PeakMultiplier, "peak multiplier");
        Positive(Growth, "growth");
        Positive(TargetUtilization, "target utilization");
        if (TargetUtilization > 1)
        {
            throw new ConfigException($"target utilization is a share of the quota, 0 < u <= 1 (got {TargetUtilization})");
        }

        if (PeakRpm is { } p)
        {
            Positive(p, "peak RPM");
        }

        var ratio = DailyShape.Ratio;
        if (!(ratio > 0) || ratio > 1)
        {
            throw new ConfigException($"the day's average/peak ratio must be in (0, 1] (got {ratio})");
        }

        if (DailyShape.HourlyProfile is { } hours && (hours.Count != 24 || hours.Any(h => h < 0 || double.IsNaN(h))))
        {
            throw new ConfigException("an hourly profile needs 24 non-negative values, one per hour");
        }

        if (string.IsNullOrWhiteSpace(QuotaRegion))
        {
            throw new ConfigException("the quota-management Region must not be empty");
        }

        if (Simulation.RequestsPerPoint < 1)
        {
            throw new ConfigException($"requests per curve point must be at least 1 (got {Simulation.RequestsPerPoint})");
        }

        var retry = Simulation.Retry;
        if (retry.MaxAttempts < 1)
        {
            throw new ConfigException($"max attempts must be at least 1 (got {retry.MaxAttempts})");
        }

        if (retry.FastFail && retry.Mode != RetryMode.Adaptive)
        {
            throw new ConfigException("fail-fast applies to the adaptive retry mode only");
        }

        // A profile refuses settings its SDK does not have (e.g. fail fast in botocore) with a ConfigException.
        RetryProfiles.Create(retry, now: 0, static () => 0.5);
    }
}
