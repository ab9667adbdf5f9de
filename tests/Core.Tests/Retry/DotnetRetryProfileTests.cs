using LoadTest.Core;
using LoadTest.Core.Errors;
using LoadTest.Core.Retry;
using LoadTest.Core.Retry.Dotnet;

namespace LoadTest.Core.Tests.Retry;

/// <summary>
/// AWSSDK.Core's retry rules (2026: 4.1.0; legacy: 4.0.x without AWS_NEW_RETRIES_2026) step by step on an explicit clock with scripted jitter.
/// Expected values are worked out by hand from the SDK's formulas (see DotnetRetryProfile).
/// </summary>
public sealed class DotnetRetryProfileTests
{
    private static readonly AttemptFailure Throttle = AttemptFailure.Service("ThrottlingException", 429);
    private static readonly AttemptFailure Unavailable = AttemptFailure.Service("ServiceUnavailableException", 503);

    private static DotnetRetryProfile Profile(RetryMode mode = RetryMode.Standard, int attempts = 3, RetryBehaviour behaviour = RetryBehaviour.Retries2026, bool fastFail = false, params double[] draws)
    {
        var queue = new Queue<double>(draws);
        return new DotnetRetryProfile(new RetryProfileSettings(SdkFamily.Dotnet, mode, attempts, behaviour, fastFail), now: 0, () => queue.Dequeue());
    }

    private static RetryDecision Fail(RetryProfile profile, RetryCallState call, AttemptFailure failure, double now)
    {
        call.CountAttempt();
        return profile.AfterFailure(call, failure, now);
    }

    [Fact]
    public void Constants_are_AWSSDK_Core_s()
    {
        Assert.Equal(500, DotnetRetryProfile.RetryCapacity);
        Assert.Equal(5, DotnetRetryProfile.LegacyRetryCost);
        Assert.Equal(5, DotnetRetryProfile.ThrottlingRetryCost2026);
        Assert.Equal(14, DotnetRetryProfile.RetryCost2026);
        Assert.Equal(1, DotnetRetryProfile.NoRetryIncrement);
        Assert.Equal(20, DotnetRetryProfile.MaxBackoffSeconds);
        Assert.Equal(1, DotnetRetryProfile.LegacyBaseSeconds);
        Assert.Equal(1, DotnetRetryProfile.ThrottlingBaseSeconds2026);
        Assert.Equal(0.05, DotnetRetryProfile.TransientBaseSeconds2026);
        Assert.Equal(5, DotnetRetryProfile.RetryAfterCeilingSeconds);
        Assert.Equal(15, DotnetRetryProfile.SendTokenTries);
        Assert.Equal(13, DotnetRetryProfile.ThrottlingErrorCodes.Count);
        Assert.Equal(429, DotnetRetryProfile.ThrottlingStatusCode);
        Assert.Equal(new[] { 500, 502, 503, 504 }, DotnetRetryProfile.TransientStatusCodes.Order());
        var limiter = DotnetRetryProfile.LimiterSettings;
        Assert.Equal((0.5, 1.0, 0.7, 0.4, 0.8, 0.5, false), (limiter.MinFillRate, limiter.MinCapacity, limiter.Beta, limiter.ScaleConstant, limiter.Smoothing, limiter.MeasurementBucketSeconds, !limiter.StartsEmpty));
    }

    [Fact]
    public void The_factory_builds_the_dotnet_profile()
    {
        var profile = RetryProfiles.Create(new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.Adaptive), now: 0, () => 0.5);
        Assert.IsType<DotnetRetryProfile>(profile);
        Assert.Equal("dotnet adaptive (2026 rules), 3 attempts", profile.Description);
    }

    [Fact]
    public void Standard_2026_retries_a_throttle_twice_with_a_1s_base_capped_before_jitter_then_stops()
    {
        var profile = Profile(draws: [0.5, 0.25]);
        var call = profile.StartCall();

        // random x min(1 s x 2^(k-1), 20 s): 0.5 x 1 = 0.5 s, then 0.25 x 2 = 0.5 s.
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), Fail(profile, call, Throttle, 0));
        Assert.Equal(495, profile.Quota.Available);
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), Fail(profile, call, Throttle, 0.5));
        Assert.Equal(490, profile.Quota.Available);
        Assert.Equal(RetryDecision.Stop(RetryReason.MaxAttempts), Fail(profile, call, Throttle, 1.0));
        Assert.Equal(490, profile.Quota.Available);

        // The call failed: nothing is given back.
    }

    [Fact]
    public void Standard_2026_retries_a_5xx_with_a_50ms_base_at_cost_14_and_a_success_gives_the_cost_back()
    {
        var profile = Profile(draws: [0.5]);
        var call = profile.StartCall();
        Assert.Equal(RetryDecision.After(0.025, RetryReason.Transient), Fail(profile, call, Unavailable, 0));
        Assert.Equal(486, profile.Quota.Available);
        call.CountAttempt();
        profile.AfterSuccess(call, 0.1);
        Assert.Equal(500, profile.Quota.Available);
    }

    [Fact]
    public void The_2026_cap_applies_before_the_jitter_and_the_legacy_cap_after_it()
    {
        // Retry 6: 2^5 = 32 s over the 20 s cap. 2026: 0.9 x 20 = 18 s; legacy: min(0.9 x 32, 20) = 20 s.
        var modern = Profile(attempts: 10, draws: [0, 0, 0, 0, 0, 0.9]);
        var legacy = Profile(attempts: 10, behaviour: RetryBehaviour.Legacy, draws: [0, 0, 0, 0, 0, 0.9]);
        var (a, b) = (modern.StartCall(), legacy.StartCall());
        for (var i = 0; i < 5; i++)
        {
            Fail(modern, a, Throttle, i);
            Fail(legacy, b, Throttle, i);
        }

        Assert.Equal(18, Fail(modern, a, Throttle, 5).DelaySeconds, 9);
        Assert.Equal(20, Fail(legacy, b, Throttle, 5).DelaySeconds, 9);
    }

    [Fact]
    public void Legacy_rules_charge_5_for_every_retry_back_off_from_1s_for_any_error_and_give_back_1()
    {
        var profile = Profile(behaviour: RetryBehaviour.Legacy, draws: [0.5, 0.75]);
        var call = profile.StartCall();
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Transient), Fail(profile, call, Unavailable, 0));
        Assert.Equal(RetryDecision.After(1.5, RetryReason.Transient), Fail(profile, call, AttemptFailure.TimedOut(), 1));
        Assert.Equal(490, profile.Quota.Available);
        call.CountAttempt();
        profile.AfterSuccess(call, 3);
        Assert.Equal(491, profile.Quota.Available);
    }

    [Theory]
    [InlineData(3.0, 3.0)]   // within [delay, delay + 5 s]: honoured
    [InlineData(10.0, 5.5)]  // at most 5 s over the computed delay
    [InlineData(0.1, 0.5)]   // never shorter than the computed delay
    public void The_2026_rules_clamp_an_x_amz_retry_after_hint(double hintSeconds, double expected)
    {
        var profile = Profile(draws: [0.5]);
        var failure = Throttle with { RetryAfterSeconds = hintSeconds };
        Assert.Equal(expected, Fail(profile, profile.StartCall(), failure, 0).DelaySeconds, 9);
    }

    [Fact]
    public void Legacy_rules_ignore_the_retry_after_hint()
    {
        var profile = Profile(behaviour: RetryBehaviour.Legacy, draws: [0.5]);
        Assert.Equal(0.5, Fail(profile, profile.StartCall(), Throttle with { RetryAfterSeconds = 3 }, 0).DelaySeconds, 9);
    }

    [Fact]
    public void Which_errors_retry()
    {
        var profile = Profile(attempts: 10, draws: Enumerable.Repeat(0.5, 10).ToArray());
        Assert.Equal(RetryReason.NotRetryable, Fail(profile, profile.StartCall(), AttemptFailure.Service("ValidationException", 400), 0).Reason);
        Assert.Equal(RetryReason.NotRetryable, Fail(profile, profile.StartCall(), AttemptFailure.Service("ModelTimeoutException", 408), 0).Reason);
        Assert.Equal(RetryReason.NotRetryable, Fail(profile, profile.StartCall(), new AttemptFailure(FailureKind.Client, "CredentialsUnavailable", null), 0).Reason);
        Assert.Equal(RetryReason.Transient, Fail(profile, profile.StartCall(), AttemptFailure.Service("ModelNotReadyException", 429), 0).Reason);
        Assert.Equal(RetryReason.Transient, Fail(profile, profile.StartCall(), AttemptFailure.Service("InternalServerException", 500), 0).Reason);
        Assert.Equal(RetryReason.Transient, Fail(profile, profile.StartCall(), AttemptFailure.ConnectionFailed(), 0).Reason);
        Assert.Equal(RetryReason.Transient, Fail(profile, profile.StartCall(), AttemptFailure.TimedOut(), 0).Reason);
        Assert.Equal(RetryReason.Throttling, Fail(profile, profile.StartCall(), AttemptFailure.Service("throttlingexception", 400), 0).Reason);
        Assert.False(profile.IsThrottling(AttemptFailure.Service("ServiceUnavailableException", 503)));
    }

    [Fact]
    public void A_429_outside_the_throttling_codes_is_a_throttle_under_the_2026_rules_only()
    {
        var unlisted = AttemptFailure.Service("TooManyConcurrentRequestsException", 429);

        // AWSSDK.Core 4.1.0: retried as a throttle (1 s base, cost 5), and it cuts the adaptive rate.
        var rules2026 = Profile(draws: [0.5]);
        Assert.True(rules2026.IsThrottling(unlisted));
        var retry = Fail(rules2026, rules2026.StartCall(), unlisted, 0);
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), retry);
        Assert.Equal(500 - DotnetRetryProfile.ThrottlingRetryCost2026, rules2026.Quota.Available);

        // ModelNotReadyException has modelled retry details (not throttling): still transient.
        Assert.False(rules2026.IsThrottling(AttemptFailure.Service("ModelNotReadyException", 429)));

        // 4.0.x without the variable: neither a throttle nor retryable.
        var legacy = Profile(behaviour: RetryBehaviour.Legacy);
        Assert.False(legacy.IsThrottling(unlisted));
        Assert.Equal(RetryReason.NotRetryable, Fail(legacy, legacy.StartCall(), unlisted, 0).Reason);
    }

    [Fact]
    public void The_retry_capacity_allows_35_transient_retries_or_100_throttle_retries_from_full()
    {
        var transient = Profile(attempts: 2, draws: Enumerable.Repeat(0.5, 40).ToArray());
        for (var i = 0; i < 35; i++)
        {
            Assert.True(Fail(transient, transient.StartCall(), Unavailable, i).Retry);
        }

        Assert.Equal(10, transient.Quota.Available);
        Assert.Equal(RetryDecision.Stop(RetryReason.QuotaExhausted), Fail(transient, transient.StartCall(), Unavailable, 36));

        var throttled = Profile(attempts: 2, draws: Enumerable.Repeat(0.5, 101).ToArray());
        for (var i = 0; i < 100; i++)
        {
            Assert.True(Fail(throttled, throttled.StartCall(), Throttle, i).Retry);
        }

        Assert.Equal(RetryReason.QuotaExhausted, Fail(throttled, throttled.StartCall(), Throttle, 101).Reason);
    }

    /// <summary>
    /// The bucket starts empty, a success at 0.1 s fills it at the minimum 0.5 tokens/s, and a
    /// throttle at 1.0 s (2 responses in the first 1 s bucket: measured 2 x 0.8 = 1.6/s) turns it on
    /// at 1.6 x 0.7 = 1.12 tokens/s holding 0.9 s x 0.5 = 0.45 tokens.
    /// </summary>
    private static (DotnetRetryProfile Profile, RetryCallState Throttled) AdaptiveAfterOneThrottle(RetryBehaviour behaviour = RetryBehaviour.Retries2026, bool fastFail = false, double timerTickSeconds = DotnetTimerClock.DefaultTickSeconds)
    {
        var profile = new DotnetRetryProfile(new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.Adaptive, 3, behaviour, fastFail, timerTickSeconds), now: 0, () => 0.5);
        var first = profile.StartCall();
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(first, 0, 0));
        first.CountAttempt();
        profile.AfterSuccess(first, 0.1);
        var second = profile.StartCall();
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(second, 0.2, 0));
        Assert.True(Fail(profile, second, Throttle, 1.0).Retry);
        Assert.True(profile.Limiter!.Enabled);
        Assert.Equal(1.12, profile.Limiter.FillRate, 9);
        Assert.Equal(0.45, profile.Limiter.Capacity(1.0), 9);
        return (profile, second);
    }

    [Fact]
    public void Adaptive_2026_a_waiter_wakes_on_the_host_s_timer_tick_after_its_truncated_wait_and_takes_the_token()
    {
        var (profile, _) = AdaptiveAfterOneThrottle();
        var call = profile.StartCall();

        // At 1.001 s the bucket holds 0.45 + 0.001 x 1.12 = 0.45112: (1 - 0.45112) / 1.12 = 0.49007 s,
        // truncated to 490 ms. Task.Delay(490) counts from the coarse clock's reading, 1.000 s (4 ms
        // ticks), so it is due at 1.490 s and fires on the next tick, 1.492 s: a wait of 491 ms.
        Assert.Equal(LimiterDecision.WaitFor(0.491), Rounded(profile.BeforeAttempt(call, 1.001, 0)));

        // At 1.492 s the bucket holds 0.45 + 0.492 x 1.12 = 1.00104: the waiter takes a whole token.
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(call, 1.492, 1));
        Assert.Equal(0.00104, profile.Limiter!.Capacity(1.492), 9);
    }

    [Fact]
    public void Adaptive_2026_with_an_exact_timer_a_waiter_wakes_under_1ms_short_and_sends_without_a_token()
    {
        var (exact, _) = AdaptiveAfterOneThrottle(timerTickSeconds: 0);
        var call = exact.StartCall();

        // The same ask with a timer that fires after exactly 490 ms: at 1.491 s the bucket holds
        // 0.99992, 0.07 ms short, a 0 ms wait: it sends and the bucket keeps what it had.
        Assert.Equal(LimiterDecision.WaitFor(0.49), Rounded(exact.BeforeAttempt(call, 1.001, 0)));
        Assert.Equal(LimiterDecision.Send, exact.BeforeAttempt(call, 1.491, 1));
        Assert.Equal(0.99992, exact.Limiter!.Capacity(1.491), 9);
    }

    /// <summary>The decision with its wait rounded to the microsecond (tick arithmetic in binary floating point).</summary>
    private static LimiterDecision Rounded(LimiterDecision d) => d with { WaitSeconds = Math.Round(d.WaitSeconds, 6) };

    [Fact]
    public void Adaptive_2026_an_ask_that_finds_the_bucket_under_1ms_short_sends_without_taking_a_token()
    {
        var (profile, _) = AdaptiveAfterOneThrottle();

        // A new call at 1.491 s: the bucket holds 0.45 + 0.491 x 1.12 = 0.99992, 0.07 ms short,
        // which truncates to a 0 ms wait: it sends and the bucket keeps what it had.
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(profile.StartCall(), 1.491, 0));
        Assert.Equal(0.99992, profile.Limiter!.Capacity(1.491), 9);
    }

    [Fact]
    public void Adaptive_2026_callers_waiting_together_wake_on_one_tick_and_take_one_token_each_until_a_tick_lands_just_before_one()
    {
        // 20 calls ask at 1.0 s; the bucket holds 0.45 tokens and refills at 1.12/s. Their waits
        // end on the same 4 ms tick, 1.492 s, after the token is due: the first to ask takes it, the
        // others wait 891 ms for the next and wake together on 2.384 s, where one takes it again.
        // Then the bucket holds 0.00008 and the next token is 892.8 ms away: due at 3.276 s, a
        // tick, where the bucket is 0.79 ms of refill short, a 0 ms wait: all 18 go without a token.
        var sends = WaitTogether(DotnetTimerClock.DefaultTickSeconds, out var refused);
        Assert.Equal(0, refused);
        Assert.Equal(new Dictionary<double, int> { [1.492] = 1, [2.384] = 1, [3.276] = 18 }, sends);
    }

    [Fact]
    public void Adaptive_2026_with_an_exact_timer_callers_waiting_together_all_go_at_their_first_wake()
    {
        // The same 20 calls with a timer that fires after exactly the truncated wait: each wakes
        // 491 ms after it asked, less than 1 ms of refill before the token, and goes without it.
        var sends = WaitTogether(0, out var refused);
        Assert.Equal(0, refused);
        Assert.Equal(20, sends.Where(s => s.Key is >= 1.491 and < 1.4911).Sum(s => s.Value));
    }

    /// <summary>20 calls ask within 20 µs of 1.0 s after <see cref="AdaptiveAfterOneThrottle"/>; returns the sends counted by the time (to the µs) they went.</summary>
    private static Dictionary<double, int> WaitTogether(double timerTickSeconds, out int refused)
    {
        var (profile, _) = AdaptiveAfterOneThrottle(timerTickSeconds: timerTickSeconds);
        var asks = new PriorityQueue<(RetryCallState Call, int Waits), double>();
        for (var i = 0; i < 20; i++)
        {
            asks.Enqueue((profile.StartCall(), 0), 1.0 + (i * 1e-6));
        }

        var sends = new Dictionary<double, int>();
        refused = 0;
        while (asks.TryDequeue(out var ask, out var now))
        {
            var decision = profile.BeforeAttempt(ask.Call, now, ask.Waits);
            switch (decision.Action)
            {
                case LimiterAction.Send:
                    var at = Math.Round(now, 6);
                    sends[at] = sends.GetValueOrDefault(at) + 1;
                    break;
                case LimiterAction.Refuse:
                    refused++;
                    break;
                default:
                    asks.Enqueue((ask.Call, ask.Waits + 1), now + decision.WaitSeconds);
                    break;
            }
        }

        return sends;
    }

    [Fact]
    public void Adaptive_refuses_on_the_15th_try_with_ClientRateLimited()
    {
        var (profile, _) = AdaptiveAfterOneThrottle();
        var call = profile.StartCall();
        Assert.Equal(LimiterAction.Wait, profile.BeforeAttempt(call, 1.0, 13).Action);
        var refused = profile.BeforeAttempt(call, 1.0, 14);
        Assert.Equal(LimiterAction.Refuse, refused.Action);
        Assert.Equal(BedrockClientErrorCodes.ClientRateLimited, refused.RefusalCode);
        Assert.StartsWith("The initial request cannot be attempted because capacity could not be obtained.", refused.RefusalMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Adaptive_legacy_never_refills_while_waiting_so_a_lone_call_is_refused_after_14_waits()
    {
        var (profile, throttled) = AdaptiveAfterOneThrottle(RetryBehaviour.Legacy);
        var now = 1.0;
        var waits = 0;
        LimiterDecision decision;
        while ((decision = profile.BeforeAttempt(throttled, now, waits)).Action == LimiterAction.Wait)
        {
            Assert.Equal(0.492, decision.WaitSeconds, 9);
            now += decision.WaitSeconds;
            waits++;
        }

        Assert.Equal(14, waits);
        Assert.Equal(LimiterAction.Refuse, decision.Action);
        Assert.StartsWith("While attempting to retry a request error capacity could not be obtained.", decision.RefusalMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Adaptive_fast_fail_refuses_at_once()
    {
        var (profile, _) = AdaptiveAfterOneThrottle(fastFail: true);
        var refused = profile.BeforeAttempt(profile.StartCall(), 1.0, 0);
        Assert.Equal(LimiterAction.Refuse, refused.Action);
        Assert.Equal(BedrockClientErrorCodes.ClientRateLimited, refused.RefusalCode);
        Assert.Contains("configured to fail fast", refused.RefusalMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_mode_never_asks_a_limiter()
    {
        var profile = Profile(draws: [0.5]);
        Fail(profile, profile.StartCall(), Throttle, 0);
        Assert.Null(profile.Limiter);
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(profile.StartCall(), 0, 0));
    }

    [Fact]
    public void Fast_fail_without_adaptive_mode_is_rejected()
        => Assert.Throws<ArgumentException>(() => Profile(RetryMode.Standard, fastFail: true));
}
