using LoadTest.Core;
using LoadTest.Core.Quotas;

namespace LoadTest.Planner.Simulation;

/// <summary>How the throttling simulation runs. Every field is a setting with a documented default.</summary>
public sealed record SimulationSettings
{
    /// <summary>The 24 curve points: 0.25x to 6x of the baseline in steps of 0.25.</summary>
    public static IReadOnlyList<double> DefaultMultipliers { get; } = Enumerable.Range(1, 24).Select(i => i * 0.25).ToArray();

    /// <summary>Logical requests simulated per curve point.</summary>
    public int RequestsPerPoint { get; init; } = 1_000_000;

    /// <summary>
    /// Requests arrive in episodes of this many seconds, each starting with full quota buckets:
    /// by default a sustained peak hour. The measured-point prediction uses the run's own length.
    /// </summary>
    public double EpisodeSeconds { get; init; } = 3600;

    public IReadOnlyList<double> Multipliers { get; init; } = DefaultMultipliers;

    /// <summary>The client's retry mode: None gives one attempt; Standard and Adaptive retry throttles up to <see cref="MaxAttempts"/>.</summary>
    public RetryMode RetryMode { get; init; } = RetryMode.Standard;

    /// <summary>Attempts including the first (the AWS SDK default is 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// Retry k waits uniform(0, 1) x min(base x 2^(k-1), max): the SDKs' standard "full jitter"
    /// exponential backoff. Adaptive mode's client-side rate limiter is not modelled.
    /// </summary>
    public double BackoffBaseSeconds { get; init; } = 1;

    public double MaxBackoffSeconds { get; init; } = 20;

    /// <summary>Seconds a request holds its reservation; null = the measured time of each sampled request, or the model's speed.</summary>
    public double? FixedServiceSeconds { get; init; }

    public ReservationPolicy Reservation { get; init; } = ReservationPolicy.Default;

    public int Seed { get; init; } = 1;

    public int EffectiveMaxAttempts => RetryMode == RetryMode.None ? 1 : Math.Max(1, MaxAttempts);
}
