using LoadTest.Core.Retry;
using LoadTest.Core.Retry.JsV3;

namespace LoadTest.Core.Tests.Retry;

/// <summary>
/// The JS v3 profile step by step on a fake clock, against the formulas of @smithy/core/retry
/// (docs/retry.md, "JavaScript v3"): expected numbers are worked out here from those formulas.
/// </summary>
public sealed class JsV3RetryProfileTests
{
    private static readonly AttemptFailure Throttle = AttemptFailure.Service("ThrottlingException", 429);
    private static readonly AttemptFailure ServerError = AttemptFailure.Service("InternalServerException", 500);
    private static readonly AttemptFailure Unavailable = AttemptFailure.Service("ServiceUnavailableException", 503);

    private static JsV3RetryProfile Profile(RetryMode mode, RetryBehaviour behaviour, JsV3ScriptedRandom random, int maxAttempts = 3, double now = 0)
        => (JsV3RetryProfile)RetryProfiles.Create(new RetryProfileSettings(SdkFamily.JsV3, mode, maxAttempts, behaviour), now, random.Next);

    /// <summary>DefaultRetryBackoffStrategy: floor(random x min(base x 2^i, 20000)) ms, i = retries before this one.</summary>
    private static double BackoffSeconds(double random, double baseMs, int i) => Math.Floor(random * Math.Min(baseMs * Math.Pow(2, i), 20_000)) / 1000;

    [Fact]
    public void Constants_match_smithy_core_retry()
    {
        Assert.Equal(500, JsV3RetryConstants.InitialRetryTokens);
        Assert.Equal(1, JsV3RetryConstants.NoRetryIncrement);
        Assert.Equal(20_000, JsV3RetryConstants.MaximumRetryDelayMs);
        Assert.Equal(5_000, JsV3RetryConstants.MaximumRetryAfterExtensionMs);
        Assert.Equal(3, JsV3RetryConstants.DefaultMaxAttempts);
        Assert.Equal(new JsV3RetryRules(100, 500, 10, 5), JsV3RetryRules.Legacy);
        Assert.Equal(new JsV3RetryRules(50, 1_000, 14, 5), JsV3RetryRules.Retries2026);

        var limiter = JsV3RetryConstants.Limiter;
        Assert.Equal(0.7, limiter.Beta);
        Assert.Equal(0.4, limiter.ScaleConstant);
        Assert.Equal(0.8, limiter.Smoothing);
        Assert.Equal(0.5, limiter.MeasurementBucketSeconds);
        Assert.Equal(0.5, limiter.MinFillRate);
        Assert.Equal(1, limiter.MinCapacity);
        Assert.Equal(0, limiter.InitialMaxRate);
        Assert.True(limiter.StartsEmpty);
        Assert.Equal(8, limiter.RoundingDigits);
        Assert.Equal(14, JsV3RetryConstants.ThrottlingErrorCodes.Count);
        Assert.Equal([500, 502, 503, 504], JsV3RetryConstants.TransientStatusCodes.Order());
    }

    [Theory]
    [InlineData("ThrottlingException", 429, JsV3ErrorType.Throttling)]
    [InlineData("ModelNotReadyException", 429, JsV3ErrorType.Throttling)]   // 429 wins over its retryable trait
    [InlineData("ModelNotReadyException", 400, JsV3ErrorType.Transient)]    // the trait alone still retries
    [InlineData("TooManyRequestsException", 400, JsV3ErrorType.Throttling)]
    [InlineData("SomethingElse", 429, JsV3ErrorType.Throttling)]
    [InlineData("ServiceUnavailableException", 503, JsV3ErrorType.Transient)]
    [InlineData("InternalServerException", 500, JsV3ErrorType.Transient)]
    [InlineData("BadGateway", 502, JsV3ErrorType.Transient)]
    [InlineData("GatewayTimeout", 504, JsV3ErrorType.Transient)]
    [InlineData("RequestTimeoutException", 400, JsV3ErrorType.Transient)]
    [InlineData("NotImplemented", 501, JsV3ErrorType.ServerError)]
    [InlineData("ModelTimeoutException", 408, JsV3ErrorType.ClientError)]
    [InlineData("ModelErrorException", 424, JsV3ErrorType.ClientError)]
    [InlineData("ValidationException", 400, JsV3ErrorType.ClientError)]
    [InlineData("AccessDeniedException", 403, JsV3ErrorType.ClientError)]
    [InlineData("ServiceQuotaExceededException", 400, JsV3ErrorType.ClientError)]
    public void Bedrock_errors_are_classified_as_smithy_does(string code, int status, JsV3ErrorType expected)
        => Assert.Equal(expected, JsV3RetryProfile.Classify(AttemptFailure.Service(code, status)));

    [Fact]
    public void Timeouts_and_connection_errors_are_transient_and_client_failures_are_not()
    {
        Assert.Equal(JsV3ErrorType.Transient, JsV3RetryProfile.Classify(AttemptFailure.TimedOut()));
        Assert.Equal(JsV3ErrorType.Transient, JsV3RetryProfile.Classify(AttemptFailure.ConnectionFailed("ECONNRESET")));
        Assert.Equal(JsV3ErrorType.ClientError, JsV3RetryProfile.Classify(new AttemptFailure(FailureKind.Client, "CredentialsProviderError", null)));
    }

    [Fact]
    public void Standard_legacy_backs_off_from_500_ms_for_throttles_and_stops_at_max_attempts_with_the_last_error()
    {
        var random = new JsV3ScriptedRandom(0.5, 0.25);
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Legacy, random);
        var call = profile.StartCall();

        Assert.Equal(LimiterAction.Send, profile.BeforeAttempt(call, 0, 0).Action);
        call.CountAttempt();
        var first = profile.AfterFailure(call, Throttle, 0.1);
        Assert.Equal(RetryDecision.After(BackoffSeconds(0.5, 500, 0), RetryReason.Throttling), first);
        Assert.Equal(0.25, first.DelaySeconds);

        call.CountAttempt();
        var second = profile.AfterFailure(call, Throttle, 0.5);
        Assert.Equal(RetryDecision.After(BackoffSeconds(0.25, 500, 1), RetryReason.Throttling), second);
        Assert.Equal(0.25, second.DelaySeconds);

        call.CountAttempt();
        var third = profile.AfterFailure(call, Throttle, 1);
        Assert.False(third.Retry);
        Assert.Equal(RetryReason.MaxAttempts, third.Reason);
        Assert.Null(third.FinalMessage);   // the middleware rethrows the last error as it was
        Assert.Equal(500 - 5 - 5, profile.Quota.Available);
        Assert.Equal(0, random.Remaining);
    }

    [Fact]
    public void Standard_legacy_transient_retries_cost_10_and_back_off_from_100_ms()
    {
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Legacy, new JsV3ScriptedRandom(0.999));
        var call = profile.StartCall();
        call.CountAttempt();
        var decision = profile.AfterFailure(call, ServerError, 0);
        Assert.Equal(RetryDecision.After(0.099, RetryReason.Transient), decision);   // floor(0.999 x 100) = 99 ms
        Assert.Equal(490, profile.Quota.Available);
    }

    [Fact]
    public void Standard_2026_backs_off_from_1_s_for_throttles_and_50_ms_for_transient_errors()
    {
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Retries2026, new JsV3ScriptedRandom(0.5, 0.5, 0.5), maxAttempts: 4);
        var call = profile.StartCall();
        call.CountAttempt();
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), profile.AfterFailure(call, Throttle, 0));
        call.CountAttempt();
        Assert.Equal(RetryDecision.After(1.0, RetryReason.Throttling), profile.AfterFailure(call, Throttle, 1));
        call.CountAttempt();
        Assert.Equal(RetryDecision.After(BackoffSeconds(0.5, 50, 2), RetryReason.Transient), profile.AfterFailure(call, Unavailable, 2));
        Assert.Equal(0.1, BackoffSeconds(0.5, 50, 2));
        Assert.Equal(500 - 5 - 5 - 14, profile.Quota.Available);
    }

    [Theory]
    [InlineData(RetryBehaviour.Retries2026, 1_000)]
    [InlineData(RetryBehaviour.Legacy, 500)]
    public void The_20_s_cap_applies_before_the_jitter(RetryBehaviour behaviour, double throttlingBaseMs)
    {
        var draws = Enumerable.Repeat(0.5, 9).ToArray();
        var profile = Profile(RetryMode.Standard, behaviour, new JsV3ScriptedRandom(draws), maxAttempts: 10);
        var call = profile.StartCall();
        var delays = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            call.CountAttempt();
            delays.Add(profile.AfterFailure(call, Throttle, i).DelaySeconds);
        }

        var expected = Enumerable.Range(0, 9).Select(i => BackoffSeconds(0.5, throttlingBaseMs, i)).ToList();
        Assert.Equal(expected, delays);
        Assert.Equal(10, delays[^1]);   // 0.5 x min(base x 2^8, 20 s): capping after the jitter would give 20 s
        Assert.Equal(RetryReason.MaxAttempts, profile.AfterFailure(WithAttempts(profile, 10), Throttle, 10).Reason);
    }

    [Theory]
    [InlineData(3.0, 3.0)]      // the hint lengthens the 100 ms backoff
    [InlineData(10.0, 5.1)]     // by at most 5 s
    [InlineData(0.05, 0.1)]     // and never shortens it
    public void A_retry_after_hint_lengthens_the_backoff_by_at_most_5_s(double hintSeconds, double expectedSeconds)
    {
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Retries2026, new JsV3ScriptedRandom(0.1));
        var call = profile.StartCall();
        call.CountAttempt();
        var decision = profile.AfterFailure(call, Throttle with { RetryAfterSeconds = hintSeconds }, 0);
        Assert.Equal(expectedSeconds, decision.DelaySeconds, precision: 9);
    }

    [Theory]
    [InlineData("ValidationException", 400)]
    [InlineData("ModelTimeoutException", 408)]
    [InlineData("ModelErrorException", 424)]
    [InlineData("NotImplemented", 501)]
    public void Non_retryable_errors_stop_at_once_without_touching_the_quota(string code, int status)
    {
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Retries2026, new JsV3ScriptedRandom());
        var call = profile.StartCall();
        call.CountAttempt();
        var decision = profile.AfterFailure(call, AttemptFailure.Service(code, status), 0);
        Assert.Equal(RetryDecision.Stop(RetryReason.NotRetryable), decision);
        Assert.Equal(500, profile.Quota.Available);
    }

    [Fact]
    public void One_attempt_means_no_retry()
    {
        foreach (var settings in new[]
                 {
                     new RetryProfileSettings(SdkFamily.JsV3, RetryMode.Standard, MaxAttempts: 1),
                     new RetryProfileSettings(SdkFamily.JsV3, RetryMode.None, MaxAttempts: 5),
                 })
        {
            var profile = RetryProfiles.Create(settings, 0, new JsV3ScriptedRandom().Next);
            var call = profile.StartCall();
            call.CountAttempt();
            Assert.Equal(RetryDecision.Stop(RetryReason.MaxAttempts), profile.AfterFailure(call, Throttle, 0));
        }
    }

    [Fact]
    public void The_quota_runs_out_after_35_transient_retries_under_2026_rules_but_still_pays_for_a_throttle()
    {
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Retries2026, new JsV3ScriptedRandom(Enumerable.Repeat(0.0, 36).ToArray()));
        for (var i = 0; i < 35; i++)
        {
            Assert.True(profile.AfterFailure(WithAttempts(profile, 1), ServerError, 0).Retry);
        }

        Assert.Equal(500 - (35 * 14), profile.Quota.Available);   // 10 left
        Assert.Equal(RetryDecision.Stop(RetryReason.QuotaExhausted), profile.AfterFailure(WithAttempts(profile, 1), ServerError, 0));
        Assert.True(profile.AfterFailure(WithAttempts(profile, 1), Throttle, 0).Retry);   // 5 <= 10
        Assert.Equal(5, profile.Quota.Available);
    }

    [Fact]
    public void The_quota_runs_out_after_50_transient_retries_under_legacy_rules()
    {
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Legacy, new JsV3ScriptedRandom(Enumerable.Repeat(0.0, 50).ToArray()));
        for (var i = 0; i < 50; i++)
        {
            Assert.True(profile.AfterFailure(WithAttempts(profile, 1), Unavailable, 0).Retry);
        }

        Assert.Equal(0, profile.Quota.Available);
        Assert.Equal(RetryReason.QuotaExhausted, profile.AfterFailure(WithAttempts(profile, 1), Unavailable, 0).Reason);
    }

    [Fact]
    public void A_success_gives_back_the_last_retry_cost_or_one_token_and_never_more_than_500()
    {
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Retries2026, new JsV3ScriptedRandom(0, 0, 0));
        var retried = profile.StartCall();
        retried.CountAttempt();
        profile.AfterFailure(retried, ServerError, 0);     // -14
        retried.CountAttempt();
        profile.AfterFailure(retried, Throttle, 0);        // -5
        Assert.Equal(481, profile.Quota.Available);
        retried.CountAttempt();
        profile.AfterSuccess(retried, 0);                  // +5: only the last retry's cost comes back
        Assert.Equal(486, profile.Quota.Available);

        var plain = profile.StartCall();
        plain.CountAttempt();
        profile.AfterSuccess(plain, 0);
        Assert.Equal(487, profile.Quota.Available);

        var other = profile.StartCall();
        other.CountAttempt();
        profile.AfterFailure(other, ServerError, 0);       // -14 -> 473
        for (var i = 0; i < 30; i++)
        {
            var ok = profile.StartCall();
            ok.CountAttempt();
            profile.AfterSuccess(ok, 0);
        }

        Assert.Equal(500, profile.Quota.Available);        // 473 + 30 capped at 500
    }

    [Fact]
    public void Adaptive_limiter_turns_on_at_the_first_throttle_starts_empty_and_waits_until_a_token_refills()
    {
        var clock = new JsV3FakeClock();
        var profile = Profile(RetryMode.Adaptive, RetryBehaviour.Legacy, new JsV3ScriptedRandom(0.5), now: clock.Now);
        var limiter = Assert.IsType<CubicRateLimiter>(profile.Limiter);
        var call = profile.StartCall();

        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(call, clock.Now, 0));   // off until a throttle
        call.CountAttempt();

        // Throttled at t = 1: one response in the 0..1 s buckets -> measured rate 0.8 x 1/1 = 0.8;
        // the new rate is 0.8 x beta = 0.56; the bucket starts empty (0 tokens, max 1).
        var retry = profile.AfterFailure(call, Throttle, clock.Advance(1));
        Assert.True(limiter.Enabled);
        Assert.Equal(0.8, limiter.MeasuredRate, precision: 12);
        Assert.Equal(0.56, limiter.FillRate, precision: 12);
        Assert.Equal(0, limiter.Capacity(clock.Now));
        Assert.Equal(RetryDecision.After(0.25, RetryReason.Throttling), retry);   // floor(0.5 x 500) ms

        // After the backoff: 0.25 s x 0.56 = 0.14 tokens; wait (1 - 0.14) / 0.56 s, then ask again.
        clock.Advance(retry.DelaySeconds);
        var wait = profile.BeforeAttempt(call, clock.Now, 0);
        Assert.Equal(LimiterAction.Wait, wait.Action);
        Assert.Equal((1 - 0.14) / 0.56, wait.WaitSeconds, precision: 9);
        clock.Advance(wait.WaitSeconds);
        Assert.Equal(LimiterAction.Send, profile.BeforeAttempt(call, clock.Now, 1).Action);
        Assert.Equal(0, limiter.Capacity(clock.Now), precision: 9);
        call.CountAttempt();

        // A second caller at the same instant finds the bucket empty and waits a whole token.
        var other = profile.StartCall();
        var otherWait = profile.BeforeAttempt(other, clock.Now, 0);
        Assert.Equal(1 / 0.56, otherWait.WaitSeconds, precision: 9);

        // The retried call succeeds at t = 3: measured = 0.8 x 1/(3 - 1) + 0.2 x 0.8 = 0.56;
        // CUBIC: 0.4 x (3 - 1 - W)^3 + 0.8 with W = cbrt(0.8 x 0.3 / 0.4), capped at 2 x 0.56.
        var successAt = 3.0;
        profile.AfterSuccess(call, successAt);
        var window = Math.Round(Math.Cbrt(0.8 * (1 - 0.7) / 0.4), 8);
        var cubic = Math.Round((0.4 * Math.Pow(successAt - 1 - window, 3)) + 0.8, 8);
        Assert.Equal(0.56, limiter.MeasuredRate, precision: 12);
        Assert.Equal(Math.Max(0.5, Math.Min(cubic, 2 * 0.56)), limiter.FillRate, precision: 12);
        Assert.Equal(500, profile.Quota.Available);   // 495 + the throttling retry's 5
    }

    [Fact]
    public void Adaptive_waiters_ask_again_and_the_bucket_never_goes_negative()
    {
        var clock = new JsV3FakeClock();
        var profile = Profile(RetryMode.Adaptive, RetryBehaviour.Retries2026, new JsV3ScriptedRandom(0), now: clock.Now);
        var first = profile.StartCall();
        first.CountAttempt();
        profile.AfterFailure(first, Throttle, clock.Advance(1));   // fill rate 0.56, 0 tokens

        var a = profile.StartCall();
        var b = profile.StartCall();
        var waitA = profile.BeforeAttempt(a, clock.Now, 0);
        var waitB = profile.BeforeAttempt(b, clock.Now, 0);
        Assert.Equal(1 / 0.56, waitA.WaitSeconds, precision: 9);
        Assert.Equal(waitA, waitB);

        clock.Advance(waitA.WaitSeconds);
        Assert.Equal(LimiterAction.Send, profile.BeforeAttempt(a, clock.Now, 1).Action);
        var again = profile.BeforeAttempt(b, clock.Now, 1);   // a took the token: b waits a second time
        Assert.Equal(LimiterAction.Wait, again.Action);
        Assert.Equal(1 / 0.56, again.WaitSeconds, precision: 9);
        Assert.True(profile.Limiter!.Capacity(clock.Now) >= -1e-9);
    }

    [Fact]
    public void Standard_mode_has_no_limiter_and_never_waits()
    {
        var profile = Profile(RetryMode.Standard, RetryBehaviour.Retries2026, new JsV3ScriptedRandom(0, 0));
        Assert.Null(profile.Limiter);
        var call = profile.StartCall();
        call.CountAttempt();
        profile.AfterFailure(call, Throttle, 0);
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(call, 0, 0));
    }

    [Fact]
    public void Fail_fast_is_a_config_error_and_the_registry_builds_the_js_profile()
    {
        Assert.Throws<ConfigException>(() => RetryProfiles.Create(new RetryProfileSettings(SdkFamily.JsV3, RetryMode.Adaptive, FastFail: true), 0));
        var profile = RetryProfiles.Create(new RetryProfileSettings(SdkFamily.JsV3, RetryMode.Adaptive, 3, RetryBehaviour.Legacy), 0);
        Assert.IsType<JsV3RetryProfile>(profile);
        Assert.Equal("js-v3 adaptive (legacy rules), 3 attempts", profile.Description);
        Assert.Same(JsV3RetryRules.Legacy, ((JsV3RetryProfile)profile).Rules);
    }

    [Fact]
    public void Concurrent_calls_share_one_quota_exactly()
    {
        var profile = (JsV3RetryProfile)RetryProfiles.Create(new RetryProfileSettings(SdkFamily.JsV3, RetryMode.Standard), 0, static () => 0.5);
        var retried = 0;
        var refused = 0;
        Parallel.For(0, 200, _ =>
        {
            var call = profile.StartCall();
            call.CountAttempt();
            var decision = profile.AfterFailure(call, ServerError, 0);
            Interlocked.Increment(ref decision.Retry ? ref retried : ref refused);
        });

        Assert.Equal(35, retried);                 // floor(500 / 14)
        Assert.Equal(165, refused);
        Assert.Equal(10, profile.Quota.Available);

        Parallel.For(0, 1_000, _ =>
        {
            var call = profile.StartCall();
            call.CountAttempt();
            profile.AfterSuccess(call, 0);
        });
        Assert.Equal(500, profile.Quota.Available);
    }

    [Fact]
    public void Concurrent_callers_get_exactly_the_tokens_in_the_bucket()
    {
        var profile = (JsV3RetryProfile)RetryProfiles.Create(new RetryProfileSettings(SdkFamily.JsV3, RetryMode.Adaptive), 0, static () => 0);
        var throttled = profile.StartCall();
        throttled.CountAttempt();
        profile.AfterFailure(throttled, Throttle, 1);      // on: 0.56 tokens/s, at most 1 token
        var now = 11.0;                                     // 10 s later the bucket is full: 1 token
        var sends = 0;
        Parallel.For(0, 100, _ =>
        {
            if (profile.BeforeAttempt(profile.StartCall(), now, 0).Action == LimiterAction.Send)
            {
                Interlocked.Increment(ref sends);
            }
        });

        Assert.Equal(1, sends);
        Assert.Equal(0, profile.Limiter!.Capacity(now), precision: 9);
    }

    private static RetryCallState WithAttempts(RetryProfile profile, int attempts)
    {
        var call = profile.StartCall();
        for (var i = 0; i < attempts; i++)
        {
            call.CountAttempt();
        }

        return call;
    }
}
