using LoadTest.Core;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;

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

    /// <summary>
    /// The client's retry behaviour: SDK family, mode, attempts, rules generation and fail-fast.
    /// The simulation asks the SDK's <see cref="RetryProfile"/> (one per episode, as an
    /// application's threads share one client) before each attempt and after it, so backoff,
    /// retry quota and the adaptive limiter are the profile's, not the planner's.
    /// </summary>
    public RetryProfileSettings Retry { get; init; } = new(SdkFamily.Dotnet, RetryMode.Standard);

    /// <summary>Seconds a request holds its reservation; null = the measured time of each sampled request, or the model's speed.</summary>
    public double? FixedServiceSeconds { get; init; }

    public ReservationPolicy Reservation { get; init; } = ReservationPolicy.Default;

    public int Seed { get; init; } = 1;

    public int EffectiveMaxAttempts => Retry.EffectiveMaxAttempts;
}
