namespace LoadTest.Core.Retry.JsV3;

/// <summary>
/// The AWS SDK for JavaScript v3's retry behaviour (@smithy/core/retry: StandardRetryStrategy,
/// AdaptiveRetryStrategy, DefaultRateLimiter and the retry middleware), as one client shares it
/// across its callers. Per call: in adaptive mode a send token before every attempt; after a
/// failure the rate limiter's update, then the error type, the attempt budget and the retry quota
/// decide; the backoff is <c>floor(random x min(base x 2^retries, 20 s))</c> in milliseconds,
/// lengthened by an x-amz-retry-after / retry-after hint up to 5 s more; when the strategy gives
/// up, the middleware rethrows the last error unchanged (with $metadata.attempts and
/// totalRetryDelay), so there is no rewritten message. The limiter waits for a token and asks
/// again until it gets one: it never refuses. See docs/retry.md, "JavaScript v3".
/// </summary>
public sealed class JsV3RetryProfile : RetryProfile
{
    /// <summary>Below this a computed limiter wait is float noise from the refill arithmetic; the token is taken.</summary>
    private const double NegligibleWaitSeconds = 1e-9;

    private readonly JsV3RetryRules _rules;
    private readonly CubicRateLimiter? _limiter;

    public JsV3RetryProfile(RetryProfileSettings settings, double now, Func<double> random)
        : base(settings, random, SdkFamily.JsV3, "its adaptive rate limiter always waits for a send token")
    {
        _rules = JsV3RetryRules.For(settings.Behaviour);
        Quota = new RetryQuota(JsV3RetryConstants.InitialRetryTokens);
        _limiter = settings.Mode == RetryMode.Adaptive ? new CubicRateLimiter(JsV3RetryConstants.Limiter, now) : null;
    }

    /// <summary>The client's retry quota (the strategy's capacity, 500 tokens).</summary>
    public RetryQuota Quota { get; }

    /// <summary>The adaptive mode's rate limiter; null in standard mode.</summary>
    public CubicRateLimiter? Limiter => _limiter;

    public JsV3RetryRules Rules => _rules;

    /// <summary>
    /// DefaultRateLimiter.acquireTokenBucket: nothing while the bucket is off; otherwise take a token
    /// if there is one, else wait (1 - tokens) / fillRate and ask again. Since @smithy/util-retry
    /// 4.3.8 it loops like this (earlier versions waited once and took the token regardless), so
    /// <paramref name="waitsSoFar"/> does not change the answer and capacity never goes negative.
    /// </summary>
    public override LimiterDecision BeforeAttempt(RetryCallState call, double now, int waitsSoFar)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_limiter is null || _limiter.TryTake(now))
        {
            return LimiterDecision.Send;
        }

        var wait = _limiter.SecondsUntilAvailable(now);
        if (wait < NegligibleWaitSeconds)
        {
            _limiter.Take(now);
            return LimiterDecision.Send;
        }

        return LimiterDecision.WaitFor(wait);
    }

    /// <summary>recordSuccess: the limiter counts a non-throttled response; the quota gets back the last retry's cost, or 1.</summary>
    public override void AfterSuccess(RetryCallState call, double now)
    {
        ArgumentNullException.ThrowIfNull(call);
        _limiter?.Update(now, throttled: false);
        Quota.Release(call.QuotaHeld > 0 ? call.QuotaHeld : JsV3RetryConstants.NoRetryIncrement);
    }

    /// <summary>
    /// refreshRetryTokenForRetry: the limiter's update first (adaptive), then the first refusal of
    /// not retryable, attempts spent, quota short; else take the cost and back off.
    /// </summary>
    public override RetryDecision AfterFailure(RetryCallState call, AttemptFailure failure, double now)
    {
        ArgumentNullException.ThrowIfNull(call);
        var type = Classify(failure);
        _limiter?.Update(now, throttled: type == JsV3ErrorType.Throttling);

        if (type is not (JsV3ErrorType.Throttling or JsV3ErrorType.Transient))
        {
            return RetryDecision.Stop(RetryReason.NotRetryable);
        }

        if (call.Attempts >= Settings.EffectiveMaxAttempts)
        {
            return RetryDecision.Stop(RetryReason.MaxAttempts);
        }

        var throttling = type == JsV3ErrorType.Throttling;
        var cost = throttling ? _rules.ThrottlingCost : _rules.TransientCost;
        if (!Quota.TryAcquire(cost))
        {
            return RetryDecision.Stop(RetryReason.QuotaExhausted);
        }

        call.Hold(cost);
        var delayMs = DelayMs(throttling, retriesSoFar: call.Attempts - 1, failure.RetryAfterSeconds);
        return RetryDecision.After(delayMs / 1000, throttling ? RetryReason.Throttling : RetryReason.Transient);
    }

    public override bool IsThrottling(AttemptFailure failure) => Classify(failure) == JsV3ErrorType.Throttling;

    /// <summary>
    /// getRetryErrorType: throttling (429 or a throttling code) before transient (retryable trait,
    /// transient code, 500/502/503/504, timeouts, Node network errors), then other 5xx, then client errors.
    /// Not modelled: clock-skew-corrected errors and "Signature expired" (the emulator never skews).
    /// </summary>
    public static JsV3ErrorType Classify(AttemptFailure failure)
    {
        switch (failure.Kind)
        {
            case FailureKind.Client:
                return JsV3ErrorType.ClientError;
            case FailureKind.Timeout or FailureKind.Connection:
                // TimeoutError, ECONNRESET/ECONNREFUSED/EPIPE/ETIMEDOUT, EHOSTUNREACH/ENOTFOUND/..., HTTP/2 refused stream.
                return JsV3ErrorType.Transient;
        }

        if (failure.StatusCode == 429 || JsV3RetryConstants.ThrottlingErrorCodes.Contains(failure.ErrorCode))
        {
            return JsV3ErrorType.Throttling;
        }

        if (JsV3RetryConstants.RetryableByTrait.Contains(failure.ErrorCode)
            || JsV3RetryConstants.TransientErrorCodes.Contains(failure.ErrorCode)
            || (failure.StatusCode is { } transient && JsV3RetryConstants.TransientStatusCodes.Contains(transient)))
        {
            return JsV3ErrorType.Transient;
        }

        return failure.StatusCode is >= 500 and <= 599 ? JsV3ErrorType.ServerError : JsV3ErrorType.ClientError;
    }

    /// <summary>
    /// Milliseconds to sleep before retry number <paramref name="retriesSoFar"/> + 1:
    /// DefaultRetryBackoffStrategy's <c>floor(random x min(base x 2^i, 20,000))</c>, then a server
    /// hint can only lengthen it, by at most 5 s.
    /// </summary>
    private double DelayMs(bool throttling, int retriesSoFar, double? retryAfterSeconds)
    {
        var baseMs = throttling ? _rules.ThrottlingBaseMs : _rules.TransientBaseMs;
        var backoff = Math.Floor(Backoff.CappedThenJittered(Random(), baseMs, retriesSoFar + 1, JsV3RetryConstants.MaximumRetryDelayMs));
        if (retryAfterSeconds is not { } hintSeconds)
        {
            return backoff;
        }

        var hintMs = hintSeconds * 1000;
        return Math.Max(backoff, Math.Min(hintMs, backoff + JsV3RetryConstants.MaximumRetryAfterExtensionMs));
    }
}
