namespace LoadTest.Planner.Simulation;

/// <summary>
/// One point of a throttling curve: an offered load and what the quota did with it. Rates are
/// per simulated minute; ThrottleRate counts logical requests whose last attempt was throttled
/// (as a run's summary does), AttemptThrottleRate counts attempts.
/// </summary>
public sealed record CurvePoint
{
    public double Multiplier { get; init; }

    public double OfferedRpm { get; init; }

    public long Requests { get; init; }

    public long Attempts { get; init; }

    public long ThrottledAttempts { get; init; }

    public long Throttled { get; init; }

    public double ThrottleRate { get; init; }

    public double AttemptThrottleRate { get; init; }

    public double AcceptedRpm { get; init; }

    /// <summary>Quota tokens per minute the offered requests would consume.</summary>
    public double OfferedQuotaTpm { get; init; }

    /// <summary>Quota tokens per minute actually consumed by admitted requests.</summary>
    public double AcceptedQuotaTpm { get; init; }

    /// <summary>Share of the offered quota tokens whose requests ended throttled, 0..1.</summary>
    public double RefusedQuotaTokenShare { get; init; }

    public double SimulatedMinutes { get; init; }
}
