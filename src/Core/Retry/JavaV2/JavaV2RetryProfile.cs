namespace LoadTest.Core.Retry.JavaV2;

/// <summary>
/// The AWS SDK for Java 2.x (2.26 and later, the software.amazon.awssdk.retries strategies) as an
/// application configured with retryMode standard or adaptive sees it:
/// <list type="bullet">
/// <item>Standard (<c>StandardRetryStrategy</c>): full-jitter backoff, capped before the jitter and
/// truncated to whole milliseconds, base 100 ms (2026: 50 ms) for transient errors and 1 s for
/// throttling; a 500-token retry quota that every retry pays 5 (2026: 14 transient, 5 throttling);
/// a success gives back what its last retry paid, at least 1.</item>
/// <item>Adaptive (<c>retry_mode=adaptive</c> maps to <c>RetryMode.ADAPTIVE_V2</c>,
/// <c>AdaptiveRetryStrategy</c>): standard's backoff plus the CUBIC send-token bucket; a send
/// waits in FIFO order until a token is there (never refuses); the rate drops only when a
/// throttled attempt is actually going to be retried, and grows on successes. Before 2026 a retry
/// costs the whole quota (500), so one retry at a time per client.</item>
/// <item>Fail fast exists only on the deprecated <c>RetryPolicy</c> (<c>RetryMode.ADAPTIVE</c> set in
/// code with <c>fastFailRateLimiting(true)</c>): a send with no token is refused with an
/// SdkClientException; throttling backoff there is equal jitter from 500 ms, every retry costs 5.</item>
/// </list>
/// The retry decision order is the SDK's: retryable? then attempts left? then quota. The
/// application's exception is the last attempt's, unchanged (earlier ones are only suppressed).
/// Sources and differences from the other SDKs: docs/retry.md, "Java 2.x".
/// </summary>
public sealed class JavaV2RetryProfile : RetryProfile
{
    private readonly RetryQuota _quota = new(JavaV2RetryDefaults.QuotaCapacity);
    private readonly CubicRateLimiter? _limiter;
    private readonly double _transientBase;
    private readonly double _throttlingBase;
    private readonly int _transientCost;
    private readonly int _throttlingCost;
    private readonly bool _rules2026;
    private readonly bool _policyFastFail;

    public JavaV2RetryProfile(RetryProfileSettings settings, double now, Func<double> random)
        : base(settings, random)
    {
        _rules2026 = settings.Behaviour == RetryBehaviour.Retries2026;
        if (settings.FastFail && (settings.Mode != RetryMode.Adaptive || _rules2026))
        {
            throw new ConfigException(
                "java-v2 fail-fast is the deprecated RetryPolicy's fastFailRateLimiting: it needs retry mode adaptive with the legacy rules "
                + "(the Java SDK's 2026 retries and its AdaptiveRetryStrategy always wait for a send token)");
        }

        _policyFastFail = settings.FastFail;
        _transientBase = _rules2026 ? JavaV2RetryDefaults.TransientBaseSeconds2026 : JavaV2RetryDefaults.TransientBaseSeconds;
        _throttlingBase = _policyFastFail ? JavaV2RetryDefaults.PolicyThrottlingBaseSeconds : JavaV2RetryDefaults.ThrottlingBaseSeconds;
        (_transientCost, _throttlingCost) = (_rules2026, settings.Mode, _policyFastFail) switch
        {
            (true, _, _) => (JavaV2RetryDefaults.TransientRetryCost2026, JavaV2RetryDefaults.ThrottlingRetryCost2026),
            (false, RetryMode.Adaptive, false) => (JavaV2RetryDefaults.AdaptiveRetryCost, JavaV2RetryDefaults.AdaptiveRetryCost),
            (false, RetryMode.Adaptive, true) => (JavaV2RetryDefaults.PolicyRetryCost, JavaV2RetryDefaults.PolicyRetryCost),
            _ => (JavaV2RetryDefaults.StandardRetryCost, JavaV2RetryDefaults.StandardRetryCost),
        };

        if (settings.Mode == RetryMode.Adaptive)
        {
            // Java's TransientState uses the shared CUBIC constants (BETA 0.7, SCALE_CONSTANT 0.4,
            // SMOOTH 0.8, half-second buckets, MIN_FILL_RATE 0.5, MIN_CAPACITY 1).
            _limiter = new CubicRateLimiter(new CubicLimiterSettings(), now);
        }
    }

    /// <summary>Tokens left in the client's retry quota.</summary>
    public int QuotaAvailable => _quota.Available;

    /// <summary>The adaptive send-rate limiter; null in standard mode.</summary>
    public CubicRateLimiter? Limiter => _limiter;

    public override LimiterDecision BeforeAttempt(RetryCallState call, double now, int waitsSoFar)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_limiter is null || _limiter.TryTake(now))
        {
            return LimiterDecision.Send;
        }

        if (_policyFastFail)
        {
            return LimiterDecision.Refuse(JavaV2RetryDefaults.FastFailCode, JavaV2RetryDefaults.FastFailMessage);
        }

        // RateLimiterTokenBucket.tokenBucketAcquire: the waiter is re-notified after
        // ceil((1 - capacity) / fillRate) whole milliseconds and tries again.
        var wait = Math.Ceiling(_limiter.SecondsUntilAvailable(now) * 1000) / 1000;
        return LimiterDecision.WaitFor(wait);
    }

    public override void AfterSuccess(RetryCallState call, double now)
    {
        ArgumentNullException.ThrowIfNull(call);
        _quota.Release(Math.Max(call.QuotaHeld, JavaV2RetryDefaults.MinimumRelease));
        call.Hold(0);
        _limiter?.Update(now, throttled: false);
    }

    public override RetryDecision AfterFailure(RetryCallState call, AttemptFailure failure, double now)
    {
        ArgumentNullException.ThrowIfNull(call);
        var throttling = IsThrottling(failure);
        if (!throttling && !IsRetryable(failure))
        {
            return RetryDecision.Stop(RetryReason.NotRetryable);
        }

        if (call.Attempts >= Settings.EffectiveMaxAttempts)
        {
            return RetryDecision.Stop(RetryReason.MaxAttempts);
        }

        var cost = throttling ? _throttlingCost : _transientCost;
        if (!_quota.TryAcquire(cost))
        {
            return RetryDecision.Stop(RetryReason.QuotaExhausted);
        }

        call.Hold(cost);

        // DefaultAdaptiveRetryStrategy.updateStateForRetry: only a throttle that will be retried lowers the rate.
        if (throttling)
        {
            _limiter?.Update(now, throttled: true);
        }

        var delay = BackoffSeconds(call.Attempts, throttling);
        delay = WithServerHint(delay, failure.RetryAfterSeconds);
        return RetryDecision.After(delay, throttling ? RetryReason.Throttling : RetryReason.Transient);
    }

    public override bool IsThrottling(AttemptFailure failure)
        => failure.Kind == FailureKind.ServiceError
           && (failure.StatusCode == 429
               || JavaV2RetryDefaults.ThrottlingErrorCodes.Contains(failure.ErrorCode)
               || (_rules2026 && failure.ErrorCode == JavaV2RetryDefaults.LimitExceeded));

    private static bool IsRetryable(AttemptFailure failure) => failure.Kind switch
    {
        // IOException and ApiCallAttemptTimeoutException are in SdkDefaultRetrySetting.RETRYABLE_EXCEPTIONS.
        FailureKind.Timeout or FailureKind.Connection => true,
        FailureKind.ServiceError => (failure.StatusCode is { } status && JavaV2RetryDefaults.RetryableStatusCodes.Contains(status))
                                    || JavaV2RetryDefaults.OtherRetryableErrorCodes.Contains(failure.ErrorCode),
        _ => false,
    };

    /// <summary>Backoff before retry number <paramref name="retry"/> (1 = first retry), in whole milliseconds.</summary>
    private double BackoffSeconds(int retry, bool throttling)
    {
        var baseSeconds = throttling ? _throttlingBase : _transientBase;
        var ceilingMs = Math.Round(Math.Min(JavaV2RetryDefaults.MaxBackoffSeconds, baseSeconds * Math.Pow(2, retry - 1)) * 1000);
        if (throttling && _policyFastFail)
        {
            // EqualJitterBackoffStrategy: ceil / 2 + nextInt(ceil / 2 + 1), integer milliseconds.
            var half = Math.Floor(ceilingMs / 2);
            return (half + Math.Floor(Random() * (half + 1))) / 1000;
        }

        // ExponentialDelayWithJitter / FullJitterBackoffStrategy: nextInt(min(max, base x 2^(retry-1))) milliseconds.
        return Math.Floor(Random() * ceilingMs) / 1000;
    }

    /// <summary>
    /// The server's x-amz-retry-after hint. Before 2026 the SDK does not read it (the sync client
    /// reads Retry-After, the async one nothing). With the 2026 rules standard mode clamps it to
    /// [backoff, backoff + 5 s]; adaptive takes the larger of the two (BaseRetryStrategy.computeBackoff).
    /// </summary>
    private double WithServerHint(double backoff, double? hint)
    {
        if (!_rules2026 || hint is not { } suggested)
        {
            return backoff;
        }

        return Settings.Mode == RetryMode.Adaptive
            ? Math.Max(suggested, backoff)
            : Math.Clamp(suggested, backoff, backoff + JavaV2RetryDefaults.RetryAfterSlackSeconds);
    }
}
