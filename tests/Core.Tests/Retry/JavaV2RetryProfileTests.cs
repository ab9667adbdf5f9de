using LoadTest.Core.Retry;
using LoadTest.Core.Retry.JavaV2;

namespace LoadTest.Core.Tests.Retry;

/// <summary>
/// The Java 2.x profile step by step on a virtual clock (seconds passed in) with scripted jitter.
/// Every expected value is worked out here from the SDK's documented formulas, since Java cannot
/// run on the build machines.
/// </summary>
public sealed class JavaV2RetryProfileTests
{
    private static readonly AttemptFailure Throttled = AttemptFailure.Service("ThrottlingException", 429);
    private static readonly AttemptFailure Unavailable = AttemptFailure.Service("ServiceUnavailableException", 503);

    [Fact]
    public void Documented_constants_are_pinned()
    {
        // aws/aws-sdk-java-v2 core/retries/.../DefaultRetryStrategy.java (Standard: MAX_ATTEMPTS 3, BASE_DELAY_V20 100 ms,
        // BASE_DELAY_V21 50 ms, THROTTLED_BASE_DELAY 1 s, MAX_BACKOFF 20 s, TOKEN_BUCKET_SIZE 500, DEFAULT_EXCEPTION_TOKEN_COST_V20 5,
        // DEFAULT_EXCEPTION_TOKEN_COST_V21 14, THROTTLING_EXCEPTION_TOKEN_COST_V21 5); AdaptiveRetryStrategy.builder() cost = TOKEN_BUCKET_SIZE;
        // core/sdk-core SdkDefaultRetrySetting.RETRYABLE_STATUS_CODES 500/502/503/504; aws-core AwsErrorCode.THROTTLING_ERROR_CODES.
        Assert.Equal(3, JavaV2RetryDefaults.MaxAttempts);
        Assert.Equal(500, JavaV2RetryDefaults.QuotaCapacity);
        Assert.Equal(0.100, JavaV2RetryDefaults.TransientBaseSeconds);
        Assert.Equal(0.050, JavaV2RetryDefaults.TransientBaseSeconds2026);
        Assert.Equal(1.0, JavaV2RetryDefaults.ThrottlingBaseSeconds);
        Assert.Equal(20.0, JavaV2RetryDefaults.MaxBackoffSeconds);
        Assert.Equal(5, JavaV2RetryDefaults.StandardRetryCost);
        Assert.Equal(500, JavaV2RetryDefaults.AdaptiveRetryCost);
        Assert.Equal(14, JavaV2RetryDefaults.TransientRetryCost2026);
        Assert.Equal(5, JavaV2RetryDefaults.ThrottlingRetryCost2026);
        Assert.Equal(1, JavaV2RetryDefaults.MinimumRelease);
        Assert.Equal(5.0, JavaV2RetryDefaults.RetryAfterSlackSeconds);
        Assert.Equal([500, 502, 503, 504], JavaV2RetryDefaults.RetryableStatusCodes.Order());
        Assert.Contains("ThrottlingException", JavaV2RetryDefaults.ThrottlingErrorCodes);
    }

    [Fact]
    public void RetryProfiles_builds_the_java_profile()
    {
        var profile = RetryProfiles.Create(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Standard), now: 0, () => 0.5);
        Assert.IsType<JavaV2RetryProfile>(profile);
        Assert.Equal("java-v2 standard (2026 rules), 3 attempts", profile.Description);
    }

    [Fact]
    public void Standard_throttling_backs_off_from_one_second_with_full_jitter_and_stops_after_three_attempts()
    {
        var profile = Standard(RetryBehaviour.Legacy, 0.5, 0.5);
        var call = profile.StartCall();

        Assert.Equal(LimiterAction.Send, Send(profile, call, 0).Action);
        // retry 1: nextInt(min(20 s, 1 s x 2^0)) = floor(0.5 x 1000) ms
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), profile.AfterFailure(call, Throttled, 0));
        Send(profile, call, 0.5);
        // retry 2: floor(0.5 x 2000) ms
        Assert.Equal(RetryDecision.After(1.0, RetryReason.Throttling), profile.AfterFailure(call, Throttled, 0.5));
        Send(profile, call, 1.5);
        Assert.Equal(RetryDecision.Stop(RetryReason.MaxAttempts), profile.AfterFailure(call, Throttled, 1.5));
        Assert.Equal(500 - 5 - 5, profile.QuotaAvailable);
    }

    [Fact]
    public void Standard_transient_errors_back_off_from_100_ms_in_whole_milliseconds()
    {
        var profile = Standard(RetryBehaviour.Legacy, 0.999, 0.999);
        var call = profile.StartCall();
        Send(profile, call, 0);
        // floor(0.999 x 100) = 99 ms, then floor(0.999 x 200) = 199 ms
        Assert.Equal(RetryDecision.After(0.099, RetryReason.Transient), profile.AfterFailure(call, Unavailable, 0));
        Send(profile, call, 0.1);
        Assert.Equal(RetryDecision.After(0.199, RetryReason.Transient), profile.AfterFailure(call, AttemptFailure.TimedOut(), 0.1));
        Assert.Equal(490, profile.QuotaAvailable);
    }

    [Fact]
    public void Backoff_is_capped_at_20_seconds_before_the_jitter()
    {
        var profile = new JavaV2RetryProfile(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Standard, MaxAttempts: 10, RetryBehaviour.Legacy), 0, () => 0.5);
        var call = profile.StartCall();
        RetryDecision last = default;
        for (var retry = 1; retry <= 6; retry++)
        {
            Send(profile, call, 0);
            last = profile.AfterFailure(call, Throttled, 0);
        }

        // retry 6: 1 s x 2^5 = 32 s, capped to 20 s, then jittered: 0.5 x 20 s
        Assert.Equal(RetryDecision.After(10.0, RetryReason.Throttling), last);
    }

    [Theory]
    [InlineData("ValidationException", 400)]
    [InlineData("ModelTimeoutException", 408)]
    [InlineData("ModelErrorException", 424)]
    [InlineData("AccessDeniedException", 403)]
    [InlineData("LimitExceededException", 400)]
    public void Errors_the_sdk_does_not_retry_stop_at_once_and_cost_nothing(string code, int status)
    {
        var profile = Standard(RetryBehaviour.Legacy, 0.5);
        var call = profile.StartCall();
        Send(profile, call, 0);
        Assert.Equal(RetryDecision.Stop(RetryReason.NotRetryable), profile.AfterFailure(call, AttemptFailure.Service(code, status), 0));
        Assert.Equal(500, profile.QuotaAvailable);
    }

    [Fact]
    public void Failures_on_the_client_are_not_retried_but_timeouts_and_connections_are()
    {
        var profile = Standard(RetryBehaviour.Legacy, 0.5, 0.5, 0.5);
        Assert.False(Fail(profile, new AttemptFailure(FailureKind.Client, "CredentialsError", null)).Retry);
        Assert.Equal(RetryReason.Transient, Fail(profile, AttemptFailure.TimedOut()).Reason);
        Assert.Equal(RetryReason.Transient, Fail(profile, AttemptFailure.ConnectionFailed()).Reason);
        Assert.Equal(RetryReason.Transient, Fail(profile, AttemptFailure.Service("InternalServerException", 500)).Reason);
    }

    [Fact]
    public void Any_429_is_throttling_so_ModelNotReady_backs_off_like_a_throttle()
    {
        var profile = Standard(RetryBehaviour.Legacy, 0.5);
        var notReady = AttemptFailure.Service("ModelNotReadyException", 429);
        Assert.True(profile.IsThrottling(notReady));
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), Fail(profile, notReady));
        Assert.False(profile.IsThrottling(Unavailable));
    }

    [Fact]
    public void Quota_is_exhausted_after_100_retries_and_a_successful_retry_refunds_its_cost()
    {
        var profile = Standard(RetryBehaviour.Legacy, Enumerable.Repeat(0.5, 102).ToArray());
        var retried = new List<RetryCallState>();
        for (var i = 0; i < 100; i++)
        {
            var call = profile.StartCall();
            Send(profile, call, 0);
            Assert.True(profile.AfterFailure(call, Throttled, 0).Retry);
            retried.Add(call);
        }

        Assert.Equal(0, profile.QuotaAvailable);
        var starved = profile.StartCall();
        Send(profile, starved, 0);
        Assert.Equal(RetryDecision.Stop(RetryReason.QuotaExhausted), profile.AfterFailure(starved, Unavailable, 0));

        // The retried call succeeds: its 5 tokens come back.
        Send(profile, retried[0], 1);
        profile.AfterSuccess(retried[0], 1);
        Assert.Equal(5, profile.QuotaAvailable);

        // A first-attempt success gives back the minimum of 1.
        var fresh = profile.StartCall();
        Send(profile, fresh, 1);
        profile.AfterSuccess(fresh, 1);
        Assert.Equal(6, profile.QuotaAvailable);

        var again = profile.StartCall();
        Send(profile, again, 1);
        Assert.True(profile.AfterFailure(again, Unavailable, 1).Retry);
        Assert.Equal(1, profile.QuotaAvailable);
    }

    [Fact]
    public void Rules_2026_use_50_ms_transient_base_and_cost_14_transient_5_throttling()
    {
        var profile = Standard(RetryBehaviour.Retries2026, 0.5, 0.5);
        Assert.Equal(RetryDecision.After(0.025, RetryReason.Transient), Fail(profile, Unavailable));
        Assert.Equal(500 - 14, profile.QuotaAvailable);
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), Fail(profile, Throttled));
        Assert.Equal(500 - 14 - 5, profile.QuotaAvailable);
    }

    [Fact]
    public void Rules_2026_retry_LimitExceededException_as_throttling()
    {
        var limit = AttemptFailure.Service("LimitExceededException", 400);
        Assert.False(Standard(RetryBehaviour.Legacy).IsThrottling(limit));
        var profile = Standard(RetryBehaviour.Retries2026, 0.5);
        Assert.True(profile.IsThrottling(limit));
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), Fail(profile, limit));
    }

    [Theory]
    [InlineData(10.0, 5.5)] // at most backoff + 5 s
    [InlineData(0.1, 0.5)] // at least the backoff
    [InlineData(2.0, 2.0)]
    public void Rules_2026_standard_clamp_the_server_hint_to_backoff_plus_five_seconds(double hint, double expected)
    {
        var profile = Standard(RetryBehaviour.Retries2026, 0.5);
        var failure = Throttled with { RetryAfterSeconds = hint };
        Assert.Equal(expected, Fail(profile, failure).DelaySeconds, 9);
    }

    [Fact]
    public void Legacy_rules_ignore_the_x_amz_retry_after_hint_and_2026_adaptive_takes_the_larger()
    {
        var failure = Throttled with { RetryAfterSeconds = 10 };
        Assert.Equal(0.5, Fail(Standard(RetryBehaviour.Legacy, 0.5), failure).DelaySeconds);
        var adaptive = new JavaV2RetryProfile(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Adaptive, 3, RetryBehaviour.Retries2026), 0, Script(0.5));
        Assert.Equal(10.0, Fail(adaptive, failure).DelaySeconds);
    }

    [Fact]
    public void Adaptive_waits_for_a_send_token_and_a_legacy_retry_takes_the_whole_quota()
    {
        var profile = Adaptive(0.5);
        var first = profile.StartCall();
        Assert.Equal(LimiterDecision.Send, Send(profile, first, 0));
        var second = profile.StartCall();
        Assert.Equal(LimiterDecision.Send, Send(profile, second, 0)); // the bucket is off until the first throttle

        // Throttle at t=0.25: one response in the half-second bucket [0, 0.5) -> no measured rate yet (0), so the
        // rate becomes max(0 x 0.7, MIN_FILL_RATE 0.5) = 0.5/s, capacity max(0, MIN_CAPACITY 1) = 1; the bucket
        // starts empty (PersistentState currentCapacity 0). (Times are binary fractions so the sums are exact.)
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), profile.AfterFailure(first, Throttled, 0.25));
        Assert.True(profile.Limiter!.Enabled);
        Assert.Equal(0.5, profile.Limiter.FillRate);
        Assert.Equal(0, profile.QuotaAvailable); // cost 500

        // A second throttle while the quota is spent: no retry, and the limiter is not told (only retried throttles are).
        Assert.Equal(RetryDecision.Stop(RetryReason.QuotaExhausted), profile.AfterFailure(second, Throttled, 0.375));

        // t=0.75: 0.5 s x 0.5/s = 0.25 tokens; the retry waits ceil((1 - 0.25) / 0.5 s) = 1.5 s, then gets its token.
        var wait = profile.BeforeAttempt(first, 0.75, 0);
        Assert.Equal(LimiterDecision.WaitFor(1.5), wait);
        Assert.Equal(LimiterDecision.Send, Send(profile, first, 2.25));

        // t=2.375: 0.125 s x 0.5/s = 0.0625 tokens; a new call waits (1 - 0.0625) / 0.5 s = 1.875 s.
        var third = profile.StartCall();
        Assert.Equal(LimiterDecision.WaitFor(1.875), profile.BeforeAttempt(third, 2.375, 0));

        // t=2.5: the retry succeeds: 500 tokens back. Rate: the bucket [2.5, 3) closes the 2 responses counted
        // since bucket 0: 2 / 2.5 s = 0.8/s, smoothed 0.8 x 0.8 = 0.64/s; CUBIC 0.4 x (2.5 - 0.25 - 0)^3 + 0 =
        // 4.55625, capped at 2 x 0.64 = 1.28/s.
        profile.AfterSuccess(first, 2.5);
        Assert.Equal(500, profile.QuotaAvailable);
        Assert.Equal(0.64, profile.Limiter.MeasuredRate, 9);
        Assert.Equal(1.28, profile.Limiter.FillRate, 9);

        // After its wait the waiter gets its token (0.125 + 1.75 s x 1.28/s, capped at 1.28): adaptive never gives up.
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(third, 2.375 + 1.875, 1));
    }

    [Fact]
    public void Adaptive_does_not_lower_the_rate_for_transient_errors()
    {
        var profile = Adaptive(0.5);
        Assert.Equal(RetryReason.Transient, Fail(profile, Unavailable).Reason);
        Assert.False(profile.Limiter!.Enabled);
    }

    [Theory]
    [InlineData(RetryMode.Adaptive, RetryBehaviour.Legacy)]
    [InlineData(RetryMode.Adaptive, RetryBehaviour.Retries2026)]
    [InlineData(RetryMode.Standard, RetryBehaviour.Legacy)]
    public void Fail_fast_is_a_config_error_because_java_has_no_client_wide_fail_fast(RetryMode mode, RetryBehaviour behaviour)
    {
        var settings = new RetryProfileSettings(SdkFamily.JavaV2, mode, 3, behaviour, FastFail: true);
        var error = Assert.Throws<ConfigException>(() => RetryProfiles.Create(settings, 0, () => 0.5));
        Assert.Contains("fastFailRateLimiting", error.Message, StringComparison.Ordinal);
        Assert.Contains("ADAPTIVE_V2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_attempts_one_never_retries()
    {
        var profile = new JavaV2RetryProfile(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Standard, MaxAttempts: 1, RetryBehaviour.Legacy), 0, () => 0.5);
        Assert.Equal(RetryDecision.Stop(RetryReason.MaxAttempts), Fail(profile, Throttled));
        Assert.Equal(500, profile.QuotaAvailable);
    }

    [Fact]
    public void Shared_by_many_threads_the_quota_grants_exactly_its_capacity()
    {
        var profile = Standard(RetryBehaviour.Legacy, Enumerable.Repeat(0.5, 1).ToArray(), constant: true);
        var granted = 0;
        Parallel.For(0, 400, _ =>
        {
            var call = profile.StartCall();
            profile.BeforeAttempt(call, 0, 0);
            call.CountAttempt();
            if (profile.AfterFailure(call, Unavailable, 0).Retry)
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(100, granted); // 500 tokens / 5 per retry
        Assert.Equal(0, profile.QuotaAvailable);
    }

    [Fact]
    public void Shared_by_many_threads_retries_and_successes_balance_and_the_limiter_stays_consistent()
    {
        var profile = new JavaV2RetryProfile(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Standard, 3, RetryBehaviour.Legacy), 0, () => 0.5);
        var adaptive = new JavaV2RetryProfile(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Adaptive, 3, RetryBehaviour.Retries2026), 0, () => 0.5);
        Parallel.For(0, 2_000, i =>
        {
            foreach (var p in new[] { profile, adaptive })
            {
                var call = p.StartCall();
                var now = i * 0.001;
                call.CountAttempt();
                if (p.AfterFailure(call, i % 2 == 0 ? Unavailable : Throttled, now).Retry)
                {
                    call.CountAttempt();
                    p.AfterSuccess(call, now);
                }
            }
        });

        Assert.Equal(500, profile.QuotaAvailable);
        Assert.Equal(500, adaptive.QuotaAvailable);
        Assert.True(adaptive.Limiter!.Enabled);
        Assert.True(adaptive.Limiter.FillRate >= 0.5);
    }

    private static JavaV2RetryProfile Standard(RetryBehaviour behaviour, params double[] draws)
        => new(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Standard, 3, behaviour), 0, Script(draws));

    private static JavaV2RetryProfile Standard(RetryBehaviour behaviour, double[] draws, bool constant)
        => constant ? new(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Standard, 3, behaviour), 0, () => draws[0]) : Standard(behaviour, draws);

    private static JavaV2RetryProfile Adaptive(params double[] draws)
        => new(new RetryProfileSettings(SdkFamily.JavaV2, RetryMode.Adaptive, 3, RetryBehaviour.Legacy), 0, Script(draws));

    /// <summary>Jitter draws in order; running out is a test bug, so it throws.</summary>
    private static Func<double> Script(params double[] draws)
    {
        var queue = new Queue<double>(draws);
        return () => queue.Dequeue();
    }

    private static LimiterDecision Send(RetryProfile profile, RetryCallState call, double now)
    {
        var decision = profile.BeforeAttempt(call, now, 0);
        if (decision.Action == LimiterAction.Send)
        {
            call.CountAttempt();
        }

        return decision;
    }

    private static RetryDecision Fail(RetryProfile profile, AttemptFailure failure)
    {
        var call = profile.StartCall();
        Send(profile, call, 0);
        return profile.AfterFailure(call, failure, 0);
    }
}
