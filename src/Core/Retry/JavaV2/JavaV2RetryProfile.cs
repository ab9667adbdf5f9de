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
    private readonly int _transientCost;
    private readonly int _throttlingCost;
    private readonly bool _rules2026;

    public JavaV2RetryProfile(RetryProfileSettings settings, double now, Func<double> random)
        : base(
            settings,
            random,
            SdkFamily.JavaV2,
            "retry mode adaptive (RetryMode.ADAPTIVE_V2) always waits for a send token; fastFailRateLimiting exists only on the "
            + "deprecated RetryPolicy with RetryMode.ADAPTIVE, whose rate limiter keeps no state across requests (see docs/retry.md, Java 2.x)")
    {
        _rules2026 = settings.Behaviour == RetryBehaviour.Retries2026;

        _transientBase = _rules2026 ? JavaV2RetryDefaults.TransientBaseSeconds2026 : JavaV2RetryDefaults.TransientBaseSeconds;
        (_transientCost, _throttlingCost) = (_rules2026, settings.Mode) switch
        {
            (true, _) => (JavaV2RetryDefaults.TransientRetryCost2026, JavaV2RetryDefaults.ThrottlingRetryCost2026),
            (false, RetryMode.Adaptive) => (JavaV2RetryDefaults.AdaptiveRetryCost, JavaV2RetryDefaults.AdaptiveRetryCost),
            _ => (JavaV2RetryDefaults.StandardRetryCost, JavaV2RetryDefaults.StandardRetryCost),
        };

        if (settings.Mode == RetryMode.Adaptive)
        {
            // RateLimiterTokenBucket.TransientState uses the shared CUBIC constants (BETA 0.7,
            // SCALE_CONSTANT 0.4, SMOOTH 0.8, half-second buckets, MIN_FILL_RATE 0.5, MIN_CAPACITY 1);
            // its PersistentState starts with currentCapacity 0 and the first refill only sets the
            // timestamp, so the bucket starts empty.
            _limiter = new CubicRateLimiter(new CubicLimiterSettings { StartsEmpty = true }, now);
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
        var baseSeconds = throttling ? JavaV2RetryDefaults.ThrottlingBaseSeconds : _transientBase;
        var ceilingMs = Math.Round(Math.Min(JavaV2RetryDefaults.MaxBackoffSeconds, baseSeconds * Math.Pow(2, retry - 1)) * 1000);

        // ExponentialDelayWithJitter: nextInt(min(max, base x 2^(attempt-2))) milliseconds, attempt = retry + 1.
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
