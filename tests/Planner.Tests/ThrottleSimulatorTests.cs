using LoadTest.Core;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Mix;
using LoadTest.Planner.Simulation;

namespace LoadTest.Planner.Tests;

public sealed class ThrottleSimulatorTests
{
    // 1,000 in + 200 out x 5 = 2,000 quota tokens per request; a 1,000,000 TPM quota holds 500 RPM.
    private static readonly QuotaLimits Quota = QuotaLimits.Of(1_000_000, null);
    private const double RpmAtQuota = 500;

    // The legacy reservation rule (max_tokens x burndown, held to completion): with max_tokens 200
    // a request reserves exactly what it consumes, so the arithmetic below reads in one number.
    private static SimulationSettings Settings(RetryMode retry = RetryMode.None) => new()
    {
        Reservation = ReservationPolicy.Legacy,
        RequestsPerPoint = 100_000,
        Retry = new RetryProfileSettings(SdkFamily.Dotnet, retry, MaxAttempts: 3),
        Seed = 11,
    };

    private static RequestShape[] Mix(long maxTokens = 200) => [new RequestShape(1_000, 0, 200, maxTokens, 2.0)];

    /// <summary>A varied mix: input 500..3,500, output 50..350, max_tokens 1,000.</summary>
    private static RequestShape[] VariedMix()
    {
        var random = new Random(3);
        return Enumerable.Range(0, 2_000)
            .Select(_ => new RequestShape(random.Next(500, 3_500), random.NextDouble() < 0.2 ? 1_000 : 0, random.Next(50, 350), 1_000, 1 + (random.NextDouble() * 4)))
            .ToArray();
    }

    [Fact]
    public void Half_of_the_quota_throttles_almost_nothing()
    {
        var sim = new ThrottleSimulator(Quota, 5, Mix(), 2, Settings());

        var p = sim.Simulate(RpmAtQuota * 0.5, 0.5, 3600, 100_000);

        Assert.True(p.ThrottleRate < 0.001, $"throttle rate at 0.5x was {p.ThrottleRate:P3}");
        Assert.Equal(1_000_000 * 0.5, p.OfferedQuotaTpm, 1_000_000 * 0.5 * 0.02);
    }

    [Fact]
    public void Twice_the_quota_refuses_about_half_of_the_quota_tokens()
    {
        var sim = new ThrottleSimulator(Quota, 5, Mix(), 2, Settings());

        var p = sim.Simulate(RpmAtQuota * 2, 2, 3600, 100_000);

        // Tolerance 5 points: the bucket starts full each simulated hour (one extra minute of quota in 60).
        Assert.InRange(p.RefusedQuotaTokenShare, 0.45, 0.55);
        Assert.InRange(p.AcceptedQuotaTpm, 1_000_000 * 0.98, 1_000_000 * 1.05);
    }

    [Fact]
    public void Replaying_a_burst_admits_what_the_full_bucket_holds_and_then_what_refills()
    {
        var sim = new ThrottleSimulator(Quota, 5, Mix(), 2, Settings());

        // 1,000 requests at once: a full 1,000,000-token bucket holds 500 of 2,000 tokens each.
        // Then 100 more spread over the next minute, while the bucket refills 1,000,000 per minute.
        var arrivals = Enumerable.Repeat(0.0, 1_000).Concat(Enumerable.Range(1, 100).Select(i => 60.0 + (i * 0.6)))
            .Select(t => new ReplayArrival(t, Shape: null)).ToArray();
        var replay = sim.Replay(arrivals, multiplier: 1, durationSeconds: 120);
        var p = replay.Point;

        Assert.Equal(1_100, p.Requests);
        Assert.Equal(500, replay.Throttled.Take(1_000).Count(t => t));
        Assert.DoesNotContain(true, replay.Throttled.Skip(1_000));
        Assert.Equal(500, p.Throttled);
        Assert.Equal(500.0 / 1_100, p.ThrottleRate, 9);
        Assert.Equal(1_100 / 2.0, p.OfferedRpm, 9);

        // The same 1,100 requests as a steady average would not be throttled at all.
        Assert.Equal(0, sim.Simulate(p.OfferedRpm, 1, 120, 1_100).Throttled);
    }

    [Fact]
    public void A_replayed_request_keeps_its_own_shape_when_it_is_known()
    {
        var sim = new ThrottleSimulator(Quota, 5, Mix(), 2, Settings());

        // Ten requests at once of 200,000 quota tokens each (their own shape, not the mix's 2,000):
        // the full 1,000,000-token bucket holds five. An unknown shape is drawn from the mix.
        var big = new RequestShape(200_000, 0, 0, 0, 1.0);
        var arrivals = Enumerable.Repeat(new ReplayArrival(0, big), 10).Append(new ReplayArrival(1, Shape: null)).ToArray();
        var replay = sim.Replay(arrivals, multiplier: 1, durationSeconds: 60);
        var p = replay.Point;

        Assert.Equal(11, p.Requests);
        Assert.False(replay.Throttled[^1]);
        Assert.Equal(5, p.Throttled);
        Assert.Equal((5 * 200_000) + 2_000, p.AcceptedQuotaTpm, 1); // one simulated minute: the five and the drawn one
    }

    [Fact]
    public void Throttle_rate_never_falls_as_offered_load_rises()
    {
        foreach (var retry in new[] { RetryMode.None, RetryMode.Standard })
        {
            var sim = new ThrottleSimulator(Quota, 5, VariedMix(), 2, Settings(retry));
            var points = sim.Curve(RpmAtQuota / 3);

            Assert.Equal(24, points.Count);
            for (var i = 1; i < points.Count; i++)
            {
                Assert.True(
                    points[i].ThrottleRate >= points[i - 1].ThrottleRate,
                    $"{retry}: throttle rate fell from {points[i - 1].ThrottleRate:P3} at {points[i - 1].Multiplier}x to {points[i].ThrottleRate:P3} at {points[i].Multiplier}x");
                Assert.True(points[i].AcceptedQuotaTpm <= 1_000_000 * 1.05, "accepted load cannot exceed the quota (plus the full bucket at the start)");
            }

            Assert.True(points[^1].ThrottleRate > 0.4, "6x of a third of the quota (2x the quota) must throttle heavily");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_curve()
    {
        var a = new ThrottleSimulator(Quota, 5, VariedMix(), 2, Settings(RetryMode.Standard)).Curve(RpmAtQuota);
        var b = new ThrottleSimulator(Quota, 5, VariedMix(), 2, Settings(RetryMode.Standard)).Curve(RpmAtQuota);

        Assert.Equal(a, b);
    }

    [Fact]
    public void A_large_max_tokens_reservation_throttles_earlier_than_the_actual_output_suggests()
    {
        // Each request holds its reservation for 30 s: 4,000 max_tokens reserve 21,000 instead of 2,000.
        var tight = new ThrottleSimulator(Quota, 5, [new RequestShape(1_000, 0, 200, 200, 30)], 30, Settings()).Curve(RpmAtQuota / 4);
        var loose = new ThrottleSimulator(Quota, 5, [new RequestShape(1_000, 0, 200, 4_000, 30)], 30, Settings()).Curve(RpmAtQuota / 4);

        var tightMax = ThrottlingCurve.LargestMultiplierUnder(tight, 0.01);
        var looseMax = ThrottlingCurve.LargestMultiplierUnder(loose, 0.01);
        Assert.True(looseMax < tightMax, $"max_tokens 4,000 allowed {looseMax}x, max_tokens 200 allowed {tightMax}x");

        // Without reserving max_tokens (a setting), the large max_tokens makes no difference.
        var noReservation = Settings() with { Reservation = new ReservationPolicy(ReserveMaxTokens: false) };
        var unreserved = new ThrottleSimulator(Quota, 5, [new RequestShape(1_000, 0, 200, 4_000, 30)], 30, noReservation).Curve(RpmAtQuota / 4);
        Assert.True(ThrottlingCurve.LargestMultiplierUnder(unreserved, 0.01) >= tightMax);
    }

    [Fact]
    public void Standard_retries_add_attempts_and_recover_some_throttles()
    {
        var none = new ThrottleSimulator(Quota, 5, VariedMix(), 2, Settings(RetryMode.None)).Simulate(RpmAtQuota * 1.1, 1.1, 3600, 100_000);
        var standard = new ThrottleSimulator(Quota, 5, VariedMix(), 2, Settings(RetryMode.Standard)).Simulate(RpmAtQuota * 1.1, 1.1, 3600, 100_000);

        Assert.Equal(none.Requests, none.Attempts);
        Assert.True(standard.Attempts > standard.Requests);
        Assert.True(standard.ThrottleRate < none.ThrottleRate, $"standard {standard.ThrottleRate:P2} vs none {none.ThrottleRate:P2}");
    }

    [Fact]
    public void The_requests_per_minute_quota_throttles_too()
    {
        var sim = new ThrottleSimulator(QuotaLimits.Of(null, 100), 5, Mix(), 2, Settings());

        var p = sim.Simulate(200, 2, 3600, 50_000);

        Assert.InRange(p.AcceptedRpm, 98, 103);
        Assert.InRange(p.ThrottleRate, 0.45, 0.55);
    }
}
