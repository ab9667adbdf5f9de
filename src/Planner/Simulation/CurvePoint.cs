namespace LoadTest.Planner.Simulation;

/// <summary>
/// One point of a throttling curve: an offered load and what the quota did with it. Rates are
/// per simulated minute; ThrottleRate counts logical requests that ended throttled, by the server
/// or refused on the client by the SDK's adaptive rate limiter (as a run's summary does: a
/// ClientRateLimited request is a throttled one), AttemptThrottleRate counts attempts.
/// </summary>
public sealed record CurvePoint
{
    public double Multiplier { get; init; }

    public double OfferedRpm { get; init; }

    public long Requests { get; init; }

    public long Attempts { get; init; }

    public long ThrottledAttempts { get; init; }

    /// <summary>Requests that ended throttled: <see cref="ServerThrottled"/> + <see cref="ClientRefused"/>.</summary>
    public long Throttled { get; init; }

    /// <summary>Requests whose last attempt the quota throttled and that the client did not retry.</summary>
    public long ServerThrottled { get; init; }

    /// <summary>Requests the client's rate limiter refused to send (ClientRateLimited): the server never saw that attempt.</summary>
    public long ClientRefused { get; init; }

    public double ThrottleRate { get; init; }

    public double AttemptThrottleRate { get; init; }

    /// <summary>Share of requests refused on the client, 0..1 (part of <see cref="ThrottleRate"/>).</summary>
    public double ClientRefusalRate { get; init; }

    /// <summary>Attempts sent per logical request (1 = no retries).</summary>
    public double AttemptsPerRequest { get; init; }

    /// <summary>95th percentile of the time a request spent waiting in the client's rate limiter, seconds (0 without one).</summary>
    public double LimiterWaitP95Seconds { get; init; }

    public double AcceptedRpm { get; init; }

    /// <summary>Quota tokens per minute the offered requests would consume.</summary>
    public double OfferedQuotaTpm { get; init; }

    /// <summary>Quota tokens per minute actually consumed by admitted requests.</summary>
    public double AcceptedQuotaTpm { get; init; }

    /// <summary>Share of the offered quota tokens whose requests ended throttled, 0..1.</summary>
    public double RefusedQuotaTokenShare { get; init; }

    public double SimulatedMinutes { get; init; }
}
