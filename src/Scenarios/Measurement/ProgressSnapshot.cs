using LoadTest.Scenarios.Measurement.Harness;

namespace LoadTest.Scenarios.Measurement;

/// <summary>What the live progress line shows, once a second.</summary>
public sealed record ProgressSnapshot
{
    public string Scenario { get; init; } = "";

    public int PhaseIndex { get; init; }

    public int PhaseCount { get; init; }

    public string Phase { get; init; } = "";

    public TimeSpan Elapsed { get; init; }

    public TimeSpan Total { get; init; }

    /// <summary>Requests offered and completed OK per minute over the last few seconds.</summary>
    public double OfferedRpm { get; init; }

    public double AchievedRpm { get; init; }

    public long InFlight { get; init; }

    public long Sent { get; init; }

    public long Ok { get; init; }

    public long Throttled { get; init; }

    public long ThrottledAttempts { get; init; }

    /// <summary>Of the throttled requests, those the AWS SDK's adaptive rate limiter refused on the client.</summary>
    public long ClientRateLimited { get; init; }

    public long Failed { get; init; }

    public long Dropped { get; init; }

    public double TtftP95Ms { get; init; }

    /// <summary>Quota tokens used in the last 60 s (scaled up while the run is younger than a minute).</summary>
    public double QuotaTpm { get; init; }

    public double? QuotaTpmLimit { get; init; }

    /// <summary>True after the load ended, while in-flight requests drain.</summary>
    public bool Draining { get; init; }

    /// <summary>The harness's own lag and CPU over the last seconds (null when not measured).</summary>
    public HarnessStatus? Harness { get; init; }
}
