using LoadTest.Core.Retry;
using LoadTest.Core.Retry.Botocore;

namespace LoadTest.Core.Tests.Retry;

/// <summary>
/// botocore's retry rules step by step on a fake clock, with expected values worked out from the
/// formulas in botocore/retries/standard.py, adaptive.py, bucket.py and throttling.py.
/// </summary>
public sealed class BotocoreRetryProfileTests
{
    private const string Operation = "Converse";
    private const string TooManyRequests = "Too many requests, please wait before trying again.";

    private static readonly AttemptFailure Throttle = AttemptFailure.Service("ThrottlingException", 429);
    private static readonly AttemptFailure Unavailable = AttemptFailure.Service("ServiceUnavailableException", 503);

    [Fact]
    public void Documented_constants_are_pinned()
    {
        Assert.Equal(3, BotocoreRetryProfile.DefaultMaxAttempts);
        Assert.Equal(20, BotocoreRetryProfile.MaxBackoffSeconds);
        Assert.Equal(1, BotocoreRetryProfile.LegacyBaseSeconds);
        Assert.Equal(1, BotocoreRetryProfile.ThrottlingBaseSeconds);
        Assert.Equal(0.05, BotocoreRetryProfile.TransientBaseSeconds);
        Assert.Equal(5, BotocoreRetryProfile.RetryAfterMaxAdditionalSeconds);
        Assert.Equal(500, BotocoreRetryProfile.QuotaCapacity);
        Assert.Equal(5, BotocoreRetryProfile.LegacyRetryCost);
        Assert.Equal(10, BotocoreRetryProfile.LegacyTimeoutRetryCost);
        Assert.Equal(5, BotocoreRetryProfile.ThrottlingRetryCost);
        Assert.Equal(14, BotocoreRetryProfile.TransientRetryCost);
        Assert.Equal(1, BotocoreRetryProfile.NoRetryIncrement);
        Assert.Equal(
            new[] { "BandwidthLimitExceeded", "EC2ThrottledException", "LimitExceededException", "PriorRequestNotComplete",
             "ProvisionedThroughputExceededException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
             "SlowDown", "ThrottledException", "Throttling", "ThrottlingException", "TooManyRequestsException",
             "TransactionInProgressException" },
            BotocoreRetryProfile.ThrottlingErrorCodes.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "PriorRequestNotComplete", "RequestTimeout", "RequestTimeoutException" }, BotocoreRetryProfile.TransientErrorCodes.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { 500, 502, 503, 504 }, BotocoreRetryProfile.TransientStatusCodes.Order());
        Assert.Equal(new[] { "ModelNotReadyException" }, BotocoreRetryProfile.ModeledTransientErrorCodes);

        var limiter = BotocoreRetryProfile.LimiterSettings;
        Assert.Equal(0.7, limiter.Beta);
        Assert.Equal(0.4, limiter.ScaleConstant);
        Assert.Equal(0.8, limiter.Smoothing);
        Assert.Equal(0.5, limiter.MeasurementBucketSeconds);
        Assert.Equal(0.5, limiter.MinFillRate);
        Assert.Equal(1, limiter.MinCapacity);
        Assert.Equal(0, limiter.InitialMaxRate);
        Assert.Equal(1, limiter.InitialFillRate);
        Assert.Equal(0, limiter.InitialCapacity);
    }

    [Fact]
    public void The_factory_builds_the_botocore_profile_and_refuses_fail_fast()
    {
        var profile = RetryProfiles.Create(new RetryProfileSettings(SdkFamily.Botocore, RetryMode.Adaptive), now: 0);
        Assert.IsType<BotocoreRetryProfile>(profile);
        Assert.Equal("botocore adaptive (2026 rules), 3 attempts", profile.Description);

        var ex = Assert.Throws<ConfigException>(() => RetryProfiles.Create(new RetryProfileSettings(SdkFamily.Botocore, RetryMode.Adaptive, FastFail: true), now: 0));
        Assert.Contains("fail-fast", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_legacy_backs_off_one_second_base_for_every_error_and_stops_at_three_attempts()
    {
        var random = new ScriptedRandom(0.5, 0.25);
        var profile = Build(RetryMode.Standard, RetryBehaviour.Legacy, random);
        var call = profile.StartCall();

        // Attempt 1 throttled: rand x min(2^0, 20) = 0.5 x 1; the quota pays 5.
        call.CountAttempt();
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), profile.AfterFailure(call, Throttle, now: 0));
        Assert.Equal(495, profile.Quota.Available);

        // Attempt 2 a 503: the same 1 s base before 2026: 0.25 x 2^1 = 0.5; 5 more.
        call.CountAttempt();
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Transient), profile.AfterFailure(call, Unavailable, now: 0.5));
        Assert.Equal(490, profile.Quota.Available);

        // Attempt 3 throttled: max attempts; ClientError says so with the retries made (attempts - 1).
        call.CountAttempt();
        var last = profile.AfterFailure(call, Throttle, now: 1);
        Assert.False(last.Retry);
        Assert.Equal(RetryReason.MaxAttempts, last.Reason);
        Assert.Equal(
            "An error occurred (ThrottlingException) when calling the Converse operation (reached max retries: 2): Too many requests, please wait before trying again.",
            last.Render(Operation, TooManyRequests));
        Assert.Equal(490, profile.Quota.Available);
        Assert.Equal(0, random.Remaining);

        // A success without retries gives back 1.
        var next = profile.StartCall();
        next.CountAttempt();
        profile.AfterSuccess(next, now: 2);
        Assert.Equal(491, profile.Quota.Available);
    }

    [Fact]
    public void Backoff_caps_the_exponential_at_20_seconds_before_the_jitter()
    {
        var random = new ScriptedRandom(0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        var profile = Build(RetryMode.Standard, RetryBehaviour.Legacy, random, maxAttempts: 7);
        var call = profile.StartCall();
        double[] expected = [0.5 * 1, 0.5 * 2, 0.5 * 4, 0.5 * 8, 0.5 * 16, 0.5 * 20];
        foreach (var delay in expected)
        {
            call.CountAttempt();
            Assert.Equal(RetryDecision.After(delay, RetryReason.Throttling), profile.AfterFailure(call, Throttle, now: 0));
        }
    }

    [Fact]
    public void Legacy_timeouts_cost_10_other_retries_5()
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Legacy, new ScriptedRandom(0.1, 0.1));
        var call = profile.StartCall();
        call.CountAttempt();
        var decision = profile.AfterFailure(call, AttemptFailure.TimedOut(), now: 0);
        Assert.Equal(RetryDecision.After(0.1, RetryReason.Transient), decision);
        Assert.Null(decision.FinalMessage);
        Assert.Equal(490, profile.Quota.Available);

        call.CountAttempt();
        Assert.Equal(RetryDecision.After(0.2, RetryReason.Transient), profile.AfterFailure(call, AttemptFailure.ConnectionFailed(), now: 0));
        Assert.Equal(485, profile.Quota.Available);

        // Success after a retry gives back what the last retry took (5), not the total.
        call.CountAttempt();
        profile.AfterSuccess(call, now: 1);
        Assert.Equal(490, profile.Quota.Available);
    }

    [Fact]
    public void Standard_2026_uses_one_second_for_throttling_and_50_ms_for_transient_errors_and_their_own_costs()
    {
        var random = new ScriptedRandom(0.5, 0.5, 0.5);
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, random, maxAttempts: 4);
        var call = profile.StartCall();

        // Throttle: 0.5 x min(1 x 2^0, 20) = 0.5; cost 5.
        call.CountAttempt();
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), profile.AfterFailure(call, Throttle, now: 0));
        Assert.Equal(495, profile.Quota.Available);

        // 503: 0.5 x min(0.05 x 2^1, 20) = 0.05; cost 14.
        call.CountAttempt();
        var transient = profile.AfterFailure(call, Unavailable, now: 0.5);
        Assert.True(transient.Retry);
        Assert.Equal(RetryReason.Transient, transient.Reason);
        Assert.Equal(0.5 * 0.05 * 2, transient.DelaySeconds, 12);
        Assert.Equal(481, profile.Quota.Available);

        // A read timeout is transient in 2026 too: 0.5 x 0.05 x 2^2 = 0.1; cost 14, not 10.
        call.CountAttempt();
        var timeout = profile.AfterFailure(call, AttemptFailure.TimedOut(), now: 0.6);
        Assert.Equal(0.5 * 0.05 * 4, timeout.DelaySeconds, 12);
        Assert.Equal(467, profile.Quota.Available);

        // Success gives back the last retry's 14.
        call.CountAttempt();
        profile.AfterSuccess(call, now: 1);
        Assert.Equal(481, profile.Quota.Available);
        Assert.Equal(0, random.Remaining);
    }

    [Theory]
    [InlineData(3.0, 3.0)] // within [t, t + 5]: the server's value
    [InlineData(10.0, 5.5)] // above: t + 5
    [InlineData(0.1, 0.5)] // below: the computed backoff
    public void Retries_2026_honour_x_amz_retry_after_within_five_seconds_of_the_backoff(double retryAfter, double expected)
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, new ScriptedRandom(0.5));
        var call = profile.StartCall();
        call.CountAttempt();
        var failure = Throttle with { RetryAfterSeconds = retryAfter };
        Assert.Equal(expected, profile.AfterFailure(call, failure, now: 0).DelaySeconds, 12);
    }

    [Fact]
    public void Legacy_ignores_x_amz_retry_after()
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Legacy, new ScriptedRandom(0.5));
        var call = profile.StartCall();
        call.CountAttempt();
        Assert.Equal(0.5, profile.AfterFailure(call, Throttle with { RetryAfterSeconds = 3 }, now: 0).DelaySeconds);
    }

    [Theory]
    [InlineData("ValidationException", 400)]
    [InlineData("AccessDeniedException", 403)]
    [InlineData("ResourceNotFoundException", 404)]
    [InlineData("ModelTimeoutException", 408)]
    [InlineData("ModelErrorException", 424)]
    [InlineData("ServiceQuotaExceededException", 400)]
    [InlineData("SomethingElse", 429)]
    public void Errors_botocore_does_not_retry_stop_at_once_without_retry_info(string code, int status)
    {
        var random = new ScriptedRandom();
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, random);
        var call = profile.StartCall();
        call.CountAttempt();
        var decision = profile.AfterFailure(call, AttemptFailure.Service(code, status), now: 0);
        Assert.Equal(RetryDecision.Stop(RetryReason.NotRetryable, $"An error occurred ({code}) when calling the {{operation}} operation: {{message}}"), decision);
        Assert.Equal(500, profile.Quota.Available);
        Assert.False(profile.IsThrottling(AttemptFailure.Service(code, status)));
    }

    [Theory]
    [InlineData("ModelNotReadyException", 429)] // modeled retryable (throttling: false) in the Bedrock Runtime model
    [InlineData("InternalServerException", 500)]
    [InlineData("ServiceUnavailableException", 503)]
    [InlineData("BadGateway", 502)]
    [InlineData("GatewayTimeout", 504)]
    [InlineData("RequestTimeout", 400)]
    public void Transient_errors_retry_on_the_50_ms_base_at_cost_14(string code, int status)
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, new ScriptedRandom(1.0));
        var call = profile.StartCall();
        call.CountAttempt();
        var failure = AttemptFailure.Service(code, status);
        var decision = profile.AfterFailure(call, failure, now: 0);
        Assert.Equal(RetryDecision.After(0.05, RetryReason.Transient), decision);
        Assert.Equal(486, profile.Quota.Available);
        Assert.False(profile.IsThrottling(failure));
    }

    [Fact]
    public void A_5xx_with_a_throttling_code_is_throttling()
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, new ScriptedRandom(1.0));
        var call = profile.StartCall();
        call.CountAttempt();
        var failure = AttemptFailure.Service("SlowDown", 503);
        Assert.True(profile.IsThrottling(failure));
        Assert.Equal(RetryDecision.After(1.0, RetryReason.Throttling), profile.AfterFailure(call, failure, now: 0));
        Assert.Equal(495, profile.Quota.Available);
    }

    [Fact]
    public void A_non_retryable_error_on_the_last_attempt_still_reports_max_retries()
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, new ScriptedRandom(0.5, 0.5));
        var call = profile.StartCall();
        call.CountAttempt();
        Assert.True(profile.AfterFailure(call, Throttle, now: 0).Retry);
        call.CountAttempt();
        Assert.True(profile.AfterFailure(call, Throttle, now: 1).Retry);
        call.CountAttempt();
        var last = profile.AfterFailure(call, AttemptFailure.Service("ValidationException", 400), now: 2);
        Assert.Equal(RetryDecision.Stop(RetryReason.NotRetryable, "An error occurred (ValidationException) when calling the {operation} operation (reached max retries: 2): {message}"), last);
    }

    [Fact]
    public void Mode_none_is_one_attempt_without_a_limiter()
    {
        var profile = Build(RetryMode.None, RetryBehaviour.Retries2026, new ScriptedRandom());
        Assert.Null(profile.Limiter);
        var call = profile.StartCall();
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(call, now: 0, waitsSoFar: 0));
        call.CountAttempt();
        var decision = profile.AfterFailure(call, Throttle, now: 0);
        Assert.Equal(RetryDecision.Stop(RetryReason.MaxAttempts, "An error occurred (ThrottlingException) when calling the {operation} operation (reached max retries: 0): {message}"), decision);
        Assert.Equal(500, profile.Quota.Available);
    }

    [Fact]
    public void Connection_failures_stop_with_their_own_message()
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, new ScriptedRandom(), maxAttempts: 1);
        var call = profile.StartCall();
        call.CountAttempt();
        Assert.Equal(RetryDecision.Stop(RetryReason.MaxAttempts), profile.AfterFailure(call, AttemptFailure.ConnectionFailed(), now: 0));
    }

    [Fact]
    public void The_quota_runs_dry_after_100_throttle_retries_and_a_success_refunds_its_retry()
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, () => 0.5);
        var calls = new List<RetryCallState>();
        for (var i = 0; i < 100; i++)
        {
            var call = profile.StartCall();
            call.CountAttempt();
            Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), profile.AfterFailure(call, Throttle, now: i));
            calls.Add(call);
        }

        Assert.Equal(0, profile.Quota.Available);

        // The 101st throttle: retryable, attempts left, but 5 > 0 tokens: the error goes back as is.
        var starved = profile.StartCall();
        starved.CountAttempt();
        var refused = profile.AfterFailure(starved, Throttle, now: 100);
        Assert.Equal(RetryDecision.Stop(RetryReason.QuotaExhausted, "An error occurred (ThrottlingException) when calling the {operation} operation: {message}"), refused);
        Assert.Equal(
            "An error occurred (ThrottlingException) when calling the Converse operation: Too many requests, please wait before trying again.",
            refused.Render(Operation, TooManyRequests));

        // One retried call succeeds: its 5 come back, enough for exactly one more retry.
        calls[0].CountAttempt();
        profile.AfterSuccess(calls[0], now: 101);
        Assert.Equal(5, profile.Quota.Available);
        var lucky = profile.StartCall();
        lucky.CountAttempt();
        Assert.True(profile.AfterFailure(lucky, Throttle, now: 102).Retry);
        Assert.Equal(0, profile.Quota.Available);

        // A first-try success gives 1, which does not pay for a retry.
        var plain = profile.StartCall();
        plain.CountAttempt();
        profile.AfterSuccess(plain, now: 103);
        Assert.Equal(1, profile.Quota.Available);
        var unlucky = profile.StartCall();
        unlucky.CountAttempt();
        Assert.Equal(RetryReason.QuotaExhausted, profile.AfterFailure(unlucky, Throttle, now: 104).Reason);
        Assert.Equal(1, profile.Quota.Available);
    }

    [Fact]
    public void Adaptive_sends_freely_until_the_first_throttle()
    {
        var profile = Build(RetryMode.Adaptive, RetryBehaviour.Retries2026, new ScriptedRandom());
        Assert.NotNull(profile.Limiter);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(profile.StartCall(), now: 0.1, waitsSoFar: 0));
        }

        Assert.False(profile.Limiter!.Enabled);
    }

    [Fact]
    public void Adaptive_turns_on_at_the_first_throttle_waits_for_tokens_and_recovers_along_the_cubic()
    {
        var random = new ScriptedRandom(0.5);
        var profile = Build(RetryMode.Adaptive, RetryBehaviour.Retries2026, random);
        var limiter = profile.Limiter!;

        // Built at t=0: TokenBucket(max_rate=1) is empty and refills at 1/s up to 1; RateClocker's last bucket is floor(0) = 0;
        // CubicCalculator(w_max=0, last_fail=0) so k = 0.
        var a = profile.StartCall();
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(a, now: 0.5, waitsSoFar: 0));
        a.CountAttempt();

        // Response 1 at t=0.6, a success. Time bucket floor(0.6 x 2) / 2 = 0.5 > 0: rate = 1 / 0.5 = 2, measured = 0.8 x 2 = 1.6.
        // Cubic: 0.4 x (0.6 - 0)^3 + 0 = 0.0864, under 2 x 1.6, so the bucket's rate is max(0.0864, 0.5) = 0.5.
        // Before the new rate, the bucket filled 0.6 s at 1/s: 0.6 tokens.
        var b = profile.StartCall();
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(b, now: 0.55, waitsSoFar: 0));
        b.CountAttempt();
        profile.AfterSuccess(b, now: 0.6);
        const double measured1 = 1.6;
        Assert.Equal(measured1, limiter.MeasuredRate, 12);
        Assert.Equal(0.5, limiter.FillRate, 12);
        Assert.False(limiter.Enabled);

        // Response 2 at t=1.1, a throttle (call a). Bucket 1.0 > 0.5: rate = 1 / 0.5 = 2, measured = 0.8 x 2 + 0.2 x 1.6 = 1.92.
        // Not yet enabled, so W_max = measured = 1.92, k = cbrt(1.92 x 0.3 / 0.4), new rate = 1.92 x 0.7 = 1.344 (< 2 x 1.92).
        // Tokens: 0.6 + 0.5 s x 0.5/s = 0.85 before the rate changes.
        var throttled = profile.AfterFailure(a, Throttle, now: 1.1);
        const double measured2 = (0.8 * 2) + (0.2 * measured1);
        const double wMax = measured2;
        var k = Math.Cbrt(wMax * (1 - 0.7) / 0.4);
        const double rateAfterThrottle = wMax * 0.7;
        Assert.Equal(RetryDecision.After(0.5, RetryReason.Throttling), throttled);
        Assert.True(limiter.Enabled);
        Assert.Equal(measured2, limiter.MeasuredRate, 12);
        Assert.Equal(rateAfterThrottle, limiter.FillRate, 12);
        Assert.Equal(0.85, limiter.Capacity(1.1), 12);

        // t=1.6, a's retry after its 0.5 s backoff: 0.85 + 0.5 x 1.344 = 1.522, capped at the ceiling 1.344; one token taken.
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(a, now: 1.6, waitsSoFar: 0));
        a.CountAttempt();
        const double left = rateAfterThrottle - 1;

        // A new call at the same instant finds 0.344 tokens: it waits (1 - 0.344) / 1.344 s, never refused.
        var c = profile.StartCall();
        var first = profile.BeforeAttempt(c, now: 1.6, waitsSoFar: 0);
        Assert.Equal(LimiterAction.Wait, first.Action);
        Assert.Equal((1 - left) / rateAfterThrottle, first.WaitSeconds, 12);
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(c, now: 1.6 + first.WaitSeconds, waitsSoFar: 1));
        c.CountAttempt();

        // Response 3 at t=2.1: a succeeds. Bucket 2.0 > 1.0: rate = 1 / 1.0, measured = 0.8 + 0.2 x 1.92 = 1.184.
        // Cubic: 0.4 x (2.1 - 1.1 - k)^3 + 1.92 (just under W_max), under 2 x 1.184.
        profile.AfterSuccess(a, now: 2.1);
        const double measured3 = (0.8 * 1) + (0.2 * measured2);
        var cubicAt21 = (0.4 * Math.Pow(1.0 - k, 3)) + wMax;
        Assert.Equal(measured3, limiter.MeasuredRate, 12);
        Assert.Equal(cubicAt21, limiter.FillRate, 12);
        Assert.Equal(500, profile.Quota.Available); // a's retry cost 5 came back

        // Response 4 at t=2.2: c succeeds in the same time bucket (count 1, measured unchanged); the cubic is almost back at W_max.
        profile.AfterSuccess(c, now: 2.2);
        var cubicAt22 = (0.4 * Math.Pow(1.1 - k, 3)) + wMax;
        Assert.Equal(measured3, limiter.MeasuredRate, 12);
        Assert.Equal(cubicAt22, limiter.FillRate, 12);

        // Response 5 at t=4.0: bucket 4.0 > 2.0 with 2 responses counted: rate = 2 / 2.0 = 1, measured = 0.8 + 0.2 x 1.184.
        // The cubic has grown past W_max (0.4 x (2.9 - k)^3 + 1.92 = 4.14...), so twice the measured rate caps it.
        var d = profile.StartCall();
        Assert.Equal(LimiterDecision.Send, profile.BeforeAttempt(d, now: 3.9, waitsSoFar: 0));
        d.CountAttempt();
        profile.AfterSuccess(d, now: 4.0);
        const double measured5 = (0.8 * 1) + (0.2 * measured3);
        var cubicAt40 = (0.4 * Math.Pow(2.9 - k, 3)) + wMax;
        Assert.True(cubicAt40 > 2 * measured5);
        Assert.Equal(2 * measured5, limiter.FillRate, 12);
        Assert.Equal(0, random.Remaining);
    }

    [Fact]
    public void Adaptive_queues_a_burst_behind_the_fill_rate_instead_of_refusing()
    {
        var profile = Build(RetryMode.Adaptive, RetryBehaviour.Retries2026, new ScriptedRandom(0.5));
        var limiter = profile.Limiter!;

        // One throttle at t=10, the first response: measured = 0.8 x 1 / 10 = 0.08, rate 0.056 -> the floor, 0.5 sends/s,
        // ceiling 1 token. The bucket filled from empty at 1/s for 10 s: full (1 token).
        var first = profile.StartCall();
        first.CountAttempt();
        Assert.True(profile.AfterFailure(first, Throttle, now: 10).Retry);
        Assert.Equal(0.5, limiter.FillRate, 12);

        // Five callers at t=10: the first takes the token, the rest are served one every 2 s, in turn.
        var now = 10.0;
        var sendTimes = new List<double>();
        var waiting = new Queue<RetryCallState>(Enumerable.Range(0, 5).Select(_ => profile.StartCall()));
        while (waiting.Count > 0)
        {
            var call = waiting.Peek();
            var decision = profile.BeforeAttempt(call, now, waitsSoFar: 0);
            Assert.NotEqual(LimiterAction.Refuse, decision.Action);
            if (decision.Action == LimiterAction.Send)
            {
                sendTimes.Add(now);
                waiting.Dequeue();
            }
            else
            {
                now += decision.WaitSeconds;
            }
        }

        double[] expected = [10, 12, 14, 16, 18];
        Assert.Equal(expected.Length, sendTimes.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], sendTimes[i], 9);
        }
    }

    [Fact]
    public void Many_threads_share_one_quota_and_it_never_goes_negative()
    {
        var profile = Build(RetryMode.Standard, RetryBehaviour.Retries2026, () => 0.5);
        var granted = new System.Collections.Concurrent.ConcurrentBag<RetryCallState>();
        var exhausted = 0;
        Parallel.For(0, 1_000, i =>
        {
            var call = profile.StartCall();
            call.CountAttempt();
            var decision = profile.AfterFailure(call, Throttle, now: i);
            if (decision.Retry)
            {
                granted.Add(call);
            }
            else
            {
                Assert.Equal(RetryReason.QuotaExhausted, decision.Reason);
                Interlocked.Increment(ref exhausted);
            }

            Assert.True(profile.Quota.Available >= 0);
        });

        Assert.Equal(100, granted.Count);
        Assert.Equal(900, exhausted);
        Assert.Equal(0, profile.Quota.Available);

        Parallel.ForEach(granted, call =>
        {
            call.CountAttempt();
            profile.AfterSuccess(call, now: 2_000);
        });
        Assert.Equal(500, profile.Quota.Available);
    }

    [Fact]
    public void Many_threads_asking_the_limiter_at_one_instant_take_exactly_the_tokens_there_are()
    {
        var profile = Build(RetryMode.Adaptive, RetryBehaviour.Retries2026, () => 0.5);
        var limiter = profile.Limiter!;

        // The first success at t=0.5 closes the bucket [0, 0.5) with 1 response: measured = 0.8 x 1 / 0.5 = 1.6. Nine more fall
        // in [0.5, 1.0); a throttle at t=1.0 closes it with 10: measured = 0.8 x 10 / 0.5 + 0.2 x 1.6 = 16.32, and being the
        // first throttle: rate = 16.32 x 0.7 = 11.424 tokens/s, ceiling 11.424.
        for (var i = 0; i < 10; i++)
        {
            var ok = profile.StartCall();
            ok.CountAttempt();
            profile.AfterSuccess(ok, now: 0.5 + (i * 0.01));
        }

        var throttled = profile.StartCall();
        throttled.CountAttempt();
        Assert.True(profile.AfterFailure(throttled, Throttle, now: 1.0).Retry);
        Assert.Equal(16.32, limiter.MeasuredRate, 9);
        Assert.Equal(16.32 * 0.7, limiter.FillRate, 9);

        // Let the bucket fill to its ceiling, then 200 threads ask at the same instant: 11.424 tokens, 11 sends, 189 waits.
        var sends = 0;
        var waits = 0;
        Parallel.For(0, 200, _ =>
        {
            var decision = profile.BeforeAttempt(profile.StartCall(), now: 10, waitsSoFar: 0);
            Assert.NotEqual(LimiterAction.Refuse, decision.Action);
            if (decision.Action == LimiterAction.Send)
            {
                Interlocked.Increment(ref sends);
            }
            else
            {
                Interlocked.Increment(ref waits);
            }
        });

        Assert.Equal(11, sends);
        Assert.Equal(189, waits);
        Assert.True(limiter.Capacity(10) >= 0);
    }

    private static BotocoreRetryProfile Build(RetryMode mode, RetryBehaviour behaviour, Func<double> random, int maxAttempts = 3)
        => new(new RetryProfileSettings(SdkFamily.Botocore, mode, maxAttempts, behaviour), now: 0, random);

    private static BotocoreRetryProfile Build(RetryMode mode, RetryBehaviour behaviour, ScriptedRandom random, int maxAttempts = 3)
        => Build(mode, behaviour, random.Next, maxAttempts);

    /// <summary>Uniform draws from a script; a draw the script did not plan for fails the test.</summary>
    private sealed class ScriptedRandom(params double[] draws)
    {
        private readonly Queue<double> _draws = new(draws);

        public int Remaining => _draws.Count;

        public double Next() => _draws.Count > 0 ? _draws.Dequeue() : throw new InvalidOperationException("unexpected random draw");
    }
}
