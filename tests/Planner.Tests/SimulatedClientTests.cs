using LoadTest.Core;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Mix;
using LoadTest.Planner.Simulation;

namespace LoadTest.Planner.Tests;

/// <summary>The simulation's client is the SDK's retry profile: it sends, waits or refuses as the profile says.</summary>
public sealed class SimulatedClientTests
{
    // 1,000 in + 200 out x 5 = 2,000 quota tokens per request; a 1,000,000 TPM quota holds 500 RPM.
    private static readonly QuotaLimits Quota = QuotaLimits.Of(1_000_000, null);
    private static readonly RequestShape[] Mix = [new RequestShape(1_000, 0, 200, 200, 2.0)];
    private const double TwiceTheQuota = 1_000;

    private static SimulationSettings Settings(RetryMode mode = RetryMode.Standard, bool fastFail = false, int attempts = 3)
        => new() { RequestsPerPoint = 50_000, Seed = 11, Retry = new RetryProfileSettings(SdkFamily.Dotnet, mode, attempts, FastFail: fastFail), Reservation = ReservationPolicy.Legacy }; // reserved = consumed, see ThrottleSimulatorTests

    /// <summary>Retries every throttle after 1 s, and refuses every retry on the client.</summary>
    private sealed class RefusesRetries() : RetryProfile(new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.Adaptive), () => 0.5, SdkFamily.Dotnet, noFastFail: null)
    {
        public override LimiterDecision BeforeAttempt(RetryCallState call, double now, int waitsSoFar)
            => call.Attempts == 0 ? LimiterDecision.Send : LimiterDecision.Refuse("ClientRateLimited", "no capacity");

        public override void AfterSuccess(RetryCallState call, double now)
        {
        }

        public override RetryDecision AfterFailure(RetryCallState call, AttemptFailure failure, double now) => RetryDecision.After(1, RetryReason.Throttling);

        public override bool IsThrottling(AttemptFailure failure) => true;
    }

    /// <summary>Up to 10 attempts with no backoff, each retry held in the limiter for exactly 2 s first.</summary>
    private sealed class WaitsBeforeRetries() : RetryProfile(new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.Adaptive, 10), () => 0.5, SdkFamily.Dotnet, noFastFail: null)
    {
        public int Successes;

        public override LimiterDecision BeforeAttempt(RetryCallState call, double now, int waitsSoFar)
            => call.Attempts > 0 && waitsSoFar == 0 ? LimiterDecision.WaitFor(2) : LimiterDecision.Send;

        public override void AfterSuccess(RetryCallState call, double now) => Successes++;

        public override RetryDecision AfterFailure(RetryCallState call, AttemptFailure failure, double now)
        {
            Assert.Equal(AttemptFailure.Service("ThrottlingException", 429), failure);
            return call.Attempts < 10 ? RetryDecision.After(0, RetryReason.Throttling) : RetryDecision.Stop(RetryReason.MaxAttempts);
        }

        public override bool IsThrottling(AttemptFailure failure) => true;
    }

    [Fact]
    public void A_profile_that_refuses_retries_turns_every_throttled_request_into_a_client_refusal()
    {
        var sim = new ThrottleSimulator(Quota, 5, Mix, 2, Settings(), (_, _) => new RefusesRetries());

        var p = sim.Simulate(TwiceTheQuota, 2, 3600, 50_000);

        Assert.True(p.Throttled > 10_000, $"{p.Throttled} throttled at twice the quota");
        Assert.Equal(p.Throttled, p.ClientRefused);
        Assert.Equal(0, p.ServerThrottled);
        Assert.Equal(p.ThrottledAttempts, p.ClientRefused);
        Assert.Equal(p.Requests, p.Attempts);
        Assert.Equal(1.0, p.AttemptsPerRequest, 9);
        Assert.Equal((double)p.ClientRefused / p.Requests, p.ClientRefusalRate, 9);
        Assert.Equal(0, p.LimiterWaitP95Seconds);
    }

    [Fact]
    public void A_profile_that_waits_sends_more_attempts_refuses_nothing_and_its_wait_shows_in_the_p95()
    {
        var profiles = new List<WaitsBeforeRetries>();
        var sim = new ThrottleSimulator(Quota, 5, Mix, 2, Settings(), (_, _) =>
        {
            var profile = new WaitsBeforeRetries();
            profiles.Add(profile);
            return profile;
        });
        var refusing = new ThrottleSimulator(Quota, 5, Mix, 2, Settings(), (_, _) => new RefusesRetries()).Simulate(TwiceTheQuota * 0.6, 1.2, 7200, 50_000);

        var p = sim.Simulate(TwiceTheQuota * 0.6, 1.2, 7200, 50_000);

        Assert.Single(profiles); // 50,000 requests at 600 RPM fit one 2-hour episode: one client
        Assert.Equal(0, p.ClientRefused);
        Assert.Equal(p.Throttled, p.ServerThrottled);
        Assert.True(p.AttemptsPerRequest > 1.05, $"{p.AttemptsPerRequest} attempts per request");
        Assert.Equal(p.Requests - p.Throttled, profiles[0].Successes);
        Assert.True(p.ThrottleRate < refusing.ThrottleRate, $"waiting {p.ThrottleRate:P2} vs refusing {refusing.ThrottleRate:P2}");

        // Every retry waited exactly 2 s, so a request's limiter time is a multiple of 2 s (p95 to HdrHistogram's 3 digits).
        Assert.True(p.LimiterWaitP95Seconds >= 2, $"p95 {p.LimiterWaitP95Seconds} s");
        var multiple = p.LimiterWaitP95Seconds / 2;
        Assert.Equal(Math.Round(multiple), multiple, 2);
    }

    [Fact]
    public void Each_episode_gets_a_fresh_client_starting_at_time_zero()
    {
        var starts = new List<double>();
        var sim = new ThrottleSimulator(Quota, 5, Mix, 2, Settings(), (now, random) =>
        {
            starts.Add(now);
            return RetryProfiles.Create(Settings().Retry, now, random);
        });

        // 3,000 requests at 1,000 RPM in 60 s episodes: three episodes.
        sim.Simulate(1_000, 2, 60, 3_000);

        Assert.Equal([0.0, 0.0, 0.0], starts);
    }

    [Fact]
    public void A_replay_marks_requests_refused_on_the_client_as_throttled()
    {
        var sim = new ThrottleSimulator(Quota, 5, Mix, 2, Settings(), (_, _) => new RefusesRetries());

        // 1,000 requests at once: the full bucket admits 500; the other 500 are refused on their retry.
        var replay = sim.Replay(Enumerable.Repeat(new ReplayArrival(0, Shape: null), 1_000).ToArray(), 1, 60);

        Assert.Equal(500, replay.Point.ClientRefused);
        Assert.Equal(500, replay.Throttled.Count(t => t));
        Assert.DoesNotContain(true, replay.Throttled.Take(500));
    }

    [Fact]
    public void The_dotnet_standard_profile_never_waits_or_refuses()
    {
        var p = new ThrottleSimulator(Quota, 5, Mix, 2, Settings()).Simulate(TwiceTheQuota, 2, 3600, 50_000);

        Assert.Equal(0, p.ClientRefused);
        Assert.Equal(0, p.LimiterWaitP95Seconds);
        Assert.Equal(p.Throttled, p.ServerThrottled);
        Assert.True(p.AttemptsPerRequest > 1, "throttles are retried while the retry capacity lasts");
    }

    [Fact]
    public void The_dotnet_adaptive_profile_waits_in_its_limiter_and_with_fast_fail_refuses_instead()
    {
        var adaptive = new ThrottleSimulator(Quota, 5, Mix, 2, Settings(RetryMode.Adaptive)).Simulate(TwiceTheQuota, 2, 3600, 50_000);
        var fastFail = new ThrottleSimulator(Quota, 5, Mix, 2, Settings(RetryMode.Adaptive, fastFail: true)).Simulate(TwiceTheQuota, 2, 3600, 50_000);

        Assert.True(adaptive.LimiterWaitP95Seconds > 0, "at twice the quota the token bucket holds requests back");
        Assert.Equal(adaptive.Throttled, adaptive.ServerThrottled + adaptive.ClientRefused);
        Assert.Equal(0, fastFail.LimiterWaitP95Seconds);
        Assert.True(fastFail.ClientRefused > adaptive.ClientRefused, $"fast fail refused {fastFail.ClientRefused}, waiting refused {adaptive.ClientRefused}");
    }

    [Fact]
    public void The_dotnet_adaptive_client_refuses_on_a_coarse_timer_tick_and_an_exact_timer_lets_its_waiters_through()
    {
        // Twice the quota for an hour: with waits that wake on 4 ms ticks the first waiter on a tick
        // takes the token and the rest wait again (a call that loses 15 asks is refused); with an
        // exact timer every waiter wakes less than 1 ms of refill short and goes without a token.
        SimulationSettings At(double tick) => Settings(RetryMode.Adaptive) with { Retry = Settings(RetryMode.Adaptive).Retry with { TimerTickSeconds = tick } };
        var ticked = new ThrottleSimulator(Quota, 5, Mix, 2, At(0.004)).Simulate(TwiceTheQuota, 2, 3600, 50_000);
        var exact = new ThrottleSimulator(Quota, 5, Mix, 2, At(0)).Simulate(TwiceTheQuota, 2, 3600, 50_000);

        Assert.Equal(0, exact.ClientRefused);
        Assert.True(ticked.ClientRefused > 50_000 / 20, $"refused on the client: 4 ms ticks {ticked.ClientRefused}, exact timer {exact.ClientRefused} of 50,000");
    }
}
