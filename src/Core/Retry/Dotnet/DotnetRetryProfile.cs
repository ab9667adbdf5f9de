using System.Globalization;
using LoadTest.Core.Errors;

namespace LoadTest.Core.Retry.Dotnet;

/// <summary>
/// The AWS SDK for .NET's retry rules, standard and adaptive: the retry capacity per endpoint, the
/// backoff, which errors retry, and adaptive mode's token bucket that tries 15 times and then fails
/// the call on the client. The 2026 rules are AWSSDK.Core 4.1.0's, the version this harness ships
/// with, which runs no others; the legacy rules are AWSSDK.Core 4.0.x without AWS_NEW_RETRIES_2026
/// (as applications on 4.0.x ran by default). A real run never sends through this profile
/// (AWSSDK.Core's own RetryHandler retries); the planner's simulation does.
/// </summary>
/// <remarks>
/// Facts from the AWSSDK.Core 4.0.102.19 assembly (lib/net8.0/AWSSDK.Core.dll, decompiled:
/// Amazon.Runtime.RetryPolicy, Amazon.Runtime.Internal.StandardRetryPolicy, AdaptiveRetryPolicy,
/// TokenBucket, CapacityManager, RetryHandler) and aws/aws-sdk-net
/// sdk/src/Core/Amazon.Runtime/Pipeline/RetryHandler/, and from an instruction-by-instruction
/// comparison of those types in 4.0.102.19 and 4.1.0 (docs/BENCHMARKS.md, "AWSSDK.Core 4.0.102.19
/// → 4.1.0: retry modes"): 4.1.0 takes the 2026 branch everywhere and adds one rule, a 429 without
/// modelled retry details is a throttle. The code is ours.
/// One difference in order is kept on purpose: the SDK takes the adaptive send token for a retry
/// before its backoff sleep (RetryHandler.InvokeAsync: ObtainSendTokenAsync, then
/// WaitBeforeRetryAsync); the shared <see cref="RetryProfile"/> contract asks
/// <see cref="BeforeAttempt"/> after the backoff, when the bucket has had the backoff to refill.
/// </remarks>
public sealed class DotnetRetryProfile : RetryProfile
{
    /// <summary>Retry capacity per endpoint, initial and maximum (CapacityManager's initialRetryTokens; StandardRetryPolicy.CapacityManagerInstance: 500 in both rule sets).</summary>
    public const int RetryCapacity = 500;

    /// <summary>Legacy rules: cost of every retry. The async path (RetryPolicy.RetryAsync) leaves LastCapacityType at its default outside the 2026 rules, so timeouts cost the same as other retries (CapacityManager(500, 5, 1, 10, 0)).</summary>
    public const int LegacyRetryCost = 5;

    /// <summary>2026 rules: cost of a retry of a throttling error (CapacityManager(500, 14, 1, 14, 5): throttlingRetryCost).</summary>
    public const int ThrottlingRetryCost2026 = 5;

    /// <summary>2026 rules: cost of a retry of any other error, timeouts included (4.1.0: CapacityManager(500, 14, 1, 14, 5); a 2026 retry is charged as throttling or not, never as a timeout).</summary>
    public const int RetryCost2026 = 14;

    /// <summary>Given back by a success (CapacityManager.CapacityType.Increment: noRetryIncrement 1). Under the 2026 rules a success after a retry gives back that retry's cost instead.</summary>
    public const int NoRetryIncrement = 1;

    /// <summary>Backoff cap (StandardRetryPolicy.MaxBackoffInMilliseconds = 20000).</summary>
    public const double MaxBackoffSeconds = 20;

    /// <summary>Legacy backoff: <c>min(random x 2^(retries-1) x 1000 ms, 20000 ms)</c> (StandardRetryPolicy.CalculateRetryDelay, UseNewRetries2026 off).</summary>
    public const double LegacyBaseSeconds = 1;

    /// <summary>2026 backoff base for a throttling error, 1000 ms; the cap applies before the jitter: <c>random x min(base x 2^(retries-1), 20000 ms)</c>.</summary>
    public const double ThrottlingBaseSeconds2026 = 1;

    /// <summary>2026 backoff base for other errors, 50 ms (25 ms for DynamoDB, which Bedrock is not).</summary>
    public const double TransientBaseSeconds2026 = 0.05;

    /// <summary>2026 rules: an x-amz-retry-after hint is honoured between the computed delay and that delay plus 5000 ms.</summary>
    public const double RetryAfterCeilingSeconds = 5;

    /// <summary>2026 rules (AWSSDK.Core 4.1.0's StandardRetryPolicy.IsThrottlingError): an HTTP status that makes any error without modelled retry details a throttle.</summary>
    public const int ThrottlingStatusCode = 429;

    /// <summary>Adaptive mode: TokenBucket.MaxAttempts, checks for a send token before the call fails on the client (14 waits between them).</summary>
    public const int SendTokenTries = 15;

    /// <summary>RetryPolicy.ThrottlingErrorCodes (case-insensitive), plus any error whose Retryable details say throttling, plus (2026 rules) any 429 without Retryable details.</summary>
    public static IReadOnlySet<string> ThrottlingErrorCodes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    };

    /// <summary>RetryPolicy.HttpStatusCodesToRetryOn: retried as transient unless the error code is a throttle.</summary>
    public static IReadOnlySet<int> TransientStatusCodes { get; } = new HashSet<int> { 500, 502, 503, 504 };

    /// <summary>RetryPolicy.TimeoutErrorCodesToRetryOn (IsServiceTimeoutError).</summary>
    public static IReadOnlySet<string> TimeoutErrorCodes { get; } = new HashSet<string>(StringComparer.Ordinal) { "RequestTimeout", "RequestTimeoutException" };

    /// <summary>
    /// Errors with Retryable details that are not throttles: RetryPolicy.IsTransientError retries
    /// any service error whose Retryable is set. Bedrock's service model marks
    /// ModelNotReadyException retryable (src/Bedrock/Client/Internal/BedrockWireException.cs).
    /// </summary>
    public static IReadOnlySet<string> RetryableErrorCodes { get; } = new HashSet<string>(StringComparer.Ordinal) { "ModelNotReadyException" };

    /// <summary>The CUBIC constants of AWSSDK.Core's TokenBucket() (0.5, 1.0, 0.7, 0.4, 0.8) and its empty start (CurrentCapacity 0 until refilled).</summary>
    public static CubicLimiterSettings LimiterSettings { get; } = new()
    {
        MinFillRate = 0.5,
        MinCapacity = 1,
        Beta = 0.7,
        ScaleConstant = 0.4,
        Smoothing = 0.8,
        MeasurementBucketSeconds = 0.5,
        InitialMaxRate = 0,
        StartsEmpty = true,
    };

    private readonly RetryQuota _quota = new(RetryCapacity);
    private readonly CubicRateLimiter? _limiter;

    public DotnetRetryProfile(RetryProfileSettings settings, double now, Func<double> random)
        : base(settings, random, SdkFamily.Dotnet, noFastFail: null)
    {
        if (settings.FastFail && settings.Mode != RetryMode.Adaptive)
        {
            throw new ArgumentException("FastFail applies to the adaptive retry mode only (it is the adaptive rate limiter's setting).", nameof(settings));
        }

        _limiter = settings.Mode == RetryMode.Adaptive ? new CubicRateLimiter(LimiterSettings, now) : null;
    }

    /// <summary>The retry capacity this client's calls share (one per endpoint in the SDK).</summary>
    public RetryQuota Quota => _quota;

    /// <summary>Adaptive mode's token bucket; null in standard mode.</summary>
    public CubicRateLimiter? Limiter => _limiter;

    private bool Rules2026 => Settings.Behaviour == RetryBehaviour.Retries2026;

    /// <inheritdoc/>
    public override LimiterDecision BeforeAttempt(RetryCallState call, double now, int waitsSoFar)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_limiter is null || !_limiter.Enabled)
        {
            return LimiterDecision.Send;
        }

        // Legacy rules refill once when the acquisition starts and never while it waits, so only
        // another call's response can put tokens in the bucket (4.0.x's TokenBucket.ObtainCapacity
        // refilled only with AWS_NEW_RETRIES_2026 on; 4.1.0's always does).
        var refill = Rules2026 || waitsSoFar == 0;
        if (refill ? _limiter.TryTake(now) : _limiter.TryTakeStored())
        {
            return LimiterDecision.Send;
        }

        var seconds = refill ? _limiter.SecondsUntilAvailable(now) : (1 - _limiter.StoredCapacity) / _limiter.FillRate;

        // TokenBucket.CalculateWait truncates to whole milliseconds, and a wait of 0 ms grants
        // the send without taking a token: bursts pass above the bucket's rate.
        var waitMs = (int)(seconds * 1000.0);
        if (waitMs == 0)
        {
            return LimiterDecision.Send;
        }

        if (Settings.FastFail || waitsSoFar + 1 >= SendTokenTries)
        {
            return LimiterDecision.Refuse(BedrockClientErrorCodes.ClientRateLimited, RefusalMessage(call.Attempts == 0));
        }

        // The SDK sleeps Task.Delay(waitMs), which wakes on the host's coarse clock tick, not
        // after exactly waitMs: waiters wake together on a tick, and one that wakes less than a
        // millisecond of refill short is let through by the 0 ms rule above.
        return LimiterDecision.WaitFor(DotnetTimerClock.SecondsUntilFired(now, waitMs, Settings.TimerTickSeconds));
    }

    /// <inheritdoc/>
    public override void AfterSuccess(RetryCallState call, double now)
    {
        ArgumentNullException.ThrowIfNull(call);
        _limiter?.Update(now, throttled: false);
        _quota.Release(call.QuotaHeld > 0 ? call.QuotaHeld : NoRetryIncrement);
    }

    /// <inheritdoc/>
    public override RetryDecision AfterFailure(RetryCallState call, AttemptFailure failure, double now)
    {
        ArgumentNullException.ThrowIfNull(call);
        var throttling = IsThrottling(failure);

        // AdaptiveRetryPolicy.NotifyError: every failed attempt updates the rate, retried or not.
        _limiter?.Update(now, throttling);
        if (!throttling && !IsTransient(failure))
        {
            return RetryDecision.Stop(RetryReason.NotRetryable);
        }

        if (call.Attempts >= Settings.EffectiveMaxAttempts)
        {
            return RetryDecision.Stop(RetryReason.MaxAttempts);
        }

        var cost = !Rules2026 ? LegacyRetryCost : throttling ? ThrottlingRetryCost2026 : RetryCost2026;
        if (!_quota.TryAcquire(cost))
        {
            return RetryDecision.Stop(RetryReason.QuotaExhausted);
        }

        // The success that ends this call gives back what this retry cost (2026) or the plain increment (legacy).
        call.Hold(Rules2026 ? cost : 0);
        return RetryDecision.After(Delay(call.Attempts, throttling, failure.RetryAfterSeconds), throttling ? RetryReason.Throttling : RetryReason.Transient);
    }

    /// <inheritdoc/>
    public override bool IsThrottling(AttemptFailure failure)
        => failure.Kind == FailureKind.ServiceError
            && (ThrottlingErrorCodes.Contains(failure.ErrorCode)
                || (Rules2026 && failure.StatusCode == ThrottlingStatusCode && !RetryableErrorCodes.Contains(failure.ErrorCode)));

    /// <summary>RetryPolicy.IsTransientError and IsServiceTimeoutError, for the failures the harness can see.</summary>
    private static bool IsTransient(AttemptFailure failure) => failure.Kind switch
    {
        FailureKind.Timeout or FailureKind.Connection => true,
        FailureKind.ServiceError => RetryableErrorCodes.Contains(failure.ErrorCode)
            || TimeoutErrorCodes.Contains(failure.ErrorCode)
            || (failure.StatusCode is { } status && TransientStatusCodes.Contains(status)),
        _ => false,
    };

    /// <summary>Seconds before retry number <paramref name="retry"/>, in whole milliseconds as the SDK sleeps.</summary>
    private double Delay(int retry, bool throttling, double? retryAfterSeconds)
    {
        var r = Random();
        if (!Rules2026)
        {
            return WholeMs(Backoff.FullJitter(r, LegacyBaseSeconds, retry, MaxBackoffSeconds));
        }

        var delay = WholeMs(Backoff.CappedThenJittered(r, throttling ? ThrottlingBaseSeconds2026 : TransientBaseSeconds2026, retry, MaxBackoffSeconds));
        if (retryAfterSeconds is >= 0 and var hint)
        {
            // The header is whole milliseconds; the hint never shortens the delay nor lengthens it by more than 5 s.
            return Math.Min(Math.Max(WholeMs(hint), delay), delay + RetryAfterCeilingSeconds);
        }

        return delay;
    }

    /// <summary>Convert.ToInt32 of milliseconds: rounds half to even.</summary>
    private static double WholeMs(double seconds) => Math.Round(seconds * 1000.0, MidpointRounding.ToEven) / 1000.0;

    private string RefusalMessage(bool initial)
    {
        var what = initial
            ? "The initial request cannot be attempted because capacity could not be obtained"
            : "While attempting to retry a request error capacity could not be obtained";
        var why = Settings.FastFail
            ? "The client is configured to fail fast and there is insufficient capacity to attempt the request."
            : "There is insufficient capacity to attempt the request after attempting to obtain capacity multiple times.";
        return string.Create(CultureInfo.InvariantCulture, $"{what}. {why}");
    }
}
