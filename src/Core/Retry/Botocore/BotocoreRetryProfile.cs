namespace LoadTest.Core.Retry.Botocore;

/// <summary>
/// The AWS SDK for Python's retry behaviour (botocore, under boto3 and the AWS CLI): the "standard"
/// retry handler of botocore/retries/standard.py, and for adaptive mode the same handler plus the
/// client-side rate limiter of botocore/retries/adaptive.py, bucket.py and throttling.py.
/// <see cref="RetryBehaviour.Legacy"/> is botocore's standard mode before the 2026 change (the
/// STANDARD_RETRY_MODE_VERSION "2.0" branch); <see cref="RetryBehaviour.Retries2026"/> is the
/// "2.1" branch that AWS_NEW_RETRIES_2026=true selects (botocore PR #3678). <see cref="RetryMode.None"/>
/// is the standard handler with one attempt, botocore's nearest to "no retries" (it has no off mode).
/// <para>
/// Unlike the AWS SDK for .NET, botocore's adaptive limiter never refuses a send: its TokenBucket
/// blocks the sending thread until a token is there (bucket.py acquire with block=True, the only way
/// adaptive.py calls it), so <see cref="BeforeAttempt"/> answers Send or Wait, never Refuse.
/// </para>
/// <para>
/// When a call stops on a service error, <see cref="RetryDecision.FinalMessage"/> is botocore's
/// ClientError message as a template: the runner puts the operation name and the service's own
/// message in with <see cref="RetryDecision.Render"/> (placeholders <see cref="OperationPlaceholder"/>
/// and <see cref="MessagePlaceholder"/>). Timeouts and connection failures keep their own message.
/// </para>
/// One instance is shared by all calls of a target, as boto3's threads share one client: the retry
/// quota and the limiter are per client in botocore. Thread-safe.
/// </summary>
public sealed class BotocoreRetryProfile : RetryProfile
{
    /// <summary>Stands for the operation name (e.g. Converse) in <see cref="RetryDecision.FinalMessage"/>.</summary>
    public const string OperationPlaceholder = RetryDecision.OperationPlaceholder;

    /// <summary>Stands for the service's error message in <see cref="RetryDecision.FinalMessage"/>.</summary>
    public const string MessagePlaceholder = RetryDecision.MessagePlaceholder;

    /// <summary>Attempts including the first. Source: standard.py DEFAULT_MAX_ATTEMPTS (Bedrock has no service override).</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Backoff cap in seconds, both generations. Source: standard.py ExponentialBackoff._MAX_BACKOFF.</summary>
    public const double MaxBackoffSeconds = 20;

    /// <summary>Base delay of every retry before 2026: <c>rand x min(2^(attempt-1), 20)</c>. Source: standard.py ExponentialBackoff.delay_amount ("2.0" branch).</summary>
    public const double LegacyBaseSeconds = 1;

    /// <summary>2026 base delay of a throttling retry. Source: standard.py _THROTTLING_BASE_SCALE; feature-retry-behavior.html "Base delays".</summary>
    public const double ThrottlingBaseSeconds = 1;

    /// <summary>2026 base delay of a transient (non-throttling) retry. Source: standard.py _NON_THROTTLING_BASE_SCALE; feature-retry-behavior.html.</summary>
    public const double TransientBaseSeconds = 0.05;

    /// <summary>x-amz-retry-after may lengthen the computed delay by at most this (2026 only). Source: standard.py _RETRY_AFTER_MAX_ADDITIONAL.</summary>
    public const double RetryAfterMaxAdditionalSeconds = 5;

    /// <summary>Retry quota capacity per client. Source: botocore/retries/quota.py RetryQuota.INITIAL_CAPACITY.</summary>
    public const int QuotaCapacity = 500;

    /// <summary>Quota cost of a retry before 2026 (any error but a timeout). Source: standard.py RetryQuotaChecker._RETRY_COST.</summary>
    public const int LegacyRetryCost = 5;

    /// <summary>Quota cost of retrying a connect or read timeout before 2026. Source: standard.py _TIMEOUT_RETRY_REQUEST.</summary>
    public const int LegacyTimeoutRetryCost = 10;

    /// <summary>2026 quota cost of a throttling retry. Source: standard.py _THROTTLING_RETRY_COST; feature-retry-behavior.html "Retry quota".</summary>
    public const int ThrottlingRetryCost = 5;

    /// <summary>2026 quota cost of any other retry (timeouts included). Source: standard.py _RETRY_COST_V2; feature-retry-behavior.html.</summary>
    public const int TransientRetryCost = 14;

    /// <summary>Given back by a call that succeeded without retrying. Source: standard.py _NO_RETRY_INCREMENT.</summary>
    public const int NoRetryIncrement = 1;

    /// <summary>
    /// Error codes botocore retries as throttling. Source: standard.py ThrottledRetryableChecker._THROTTLED_ERROR_CODES
    /// (the same list as feature-retry-behavior.html "Throttling errors").
    /// </summary>
    public static readonly IReadOnlySet<string> ThrottlingErrorCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    /// <summary>Error codes botocore retries as transient. Source: standard.py TransientRetryableChecker._TRANSIENT_ERROR_CODES.</summary>
    public static readonly IReadOnlySet<string> TransientErrorCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    };

    /// <summary>HTTP statuses botocore retries as transient whatever the code. Source: standard.py _TRANSIENT_STATUS_CODES.</summary>
    public static readonly IReadOnlySet<int> TransientStatusCodes = new HashSet<int> { 500, 502, 503, 504 };

    /// <summary>
    /// Errors the Bedrock Runtime service model marks <c>"retryable"</c>, all with <c>throttling: false</c>
    /// (botocore/data/bedrock-runtime/2023-09-30/service-2.json): botocore's ModeledRetryableChecker retries
    /// them as transient. ModelTimeoutException (408), ModelErrorException (424), ValidationException,
    /// AccessDeniedException, ResourceNotFoundException and ServiceQuotaExceededException are not retried.
    /// </summary>
    public static readonly IReadOnlySet<string> ModeledTransientErrorCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "ModelNotReadyException",
    };

    /// <summary>
    /// botocore's adaptive limiter constants: CubicCalculator(starting_max_rate=0) with _SCALE_CONSTANT 0.4 and
    /// _BETA 0.7 (throttling.py), RateClocker _DEFAULT_SMOOTHING 0.8 and _TIME_BUCKET_RANGE 0.5 (adaptive.py),
    /// TokenBucket _MIN_RATE 0.5, capacity ceiling at least 1, built with max_rate=1 and an empty bucket that
    /// starts refilling at construction (bucket.py), and the send rate capped at twice the measured rate
    /// (adaptive.py ClientRateLimiter._MAX_RATE_ADJUST_SCALE, the shared limiter's rule).
    /// </summary>
    public static CubicLimiterSettings LimiterSettings { get; } = new()
    {
        Beta = 0.7,
        ScaleConstant = 0.4,
        Smoothing = 0.8,
        MeasurementBucketSeconds = 0.5,
        MinFillRate = 0.5,
        MinCapacity = 1,
        InitialMaxRate = 0,
        InitialFillRate = 1,
        InitialCapacity = 0,
    };

    private readonly RetryQuota _quota = new(QuotaCapacity);
    private readonly CubicRateLimiter? _limiter;

    /// <param name="settings">Mode, attempts and rules generation; the SDK must be botocore.</param>
    /// <param name="now">The clock now, in seconds: the limiter's construction time.</param>
    /// <param name="random">Uniform [0, 1) draws for the backoff jitter.</param>
    public BotocoreRetryProfile(RetryProfileSettings settings, double now, Func<double> random)
        : base(settings, random, SdkFamily.Botocore, "its adaptive client-side limiter always waits for a send token")
    {
        if (settings.Mode == RetryMode.Adaptive)
        {
            _limiter = new CubicRateLimiter(LimiterSettings, now);
        }
    }

    /// <summary>The client's retry quota (shared by every call of this profile).</summary>
    public RetryQuota Quota => _quota;

    /// <summary>The adaptive limiter; null in standard mode and without retries.</summary>
    public CubicRateLimiter? Limiter => _limiter;

    /// <summary>
    /// Adaptive mode, once the first throttle turned the bucket on: take a token, or wait until the
    /// bucket will hold one and ask again (botocore's acquire sleeps, refills and loops the same way).
    /// </summary>
    public override LimiterDecision BeforeAttempt(RetryCallState call, double now, int waitsSoFar)
    {
        if (_limiter is null)
        {
            return LimiterDecision.Send;
        }

        var wait = _limiter.TakeOrSecondsToWait(now);
        return wait > 0 ? LimiterDecision.WaitFor(wait) : LimiterDecision.Send;
    }

    /// <summary>
    /// A 2xx: the quota gets back what this call's last retry took, or <see cref="NoRetryIncrement"/>
    /// when it never retried (standard.py release_retry_quota); the limiter counts a non-throttled response.
    /// </summary>
    public override void AfterSuccess(RetryCallState call, double now)
    {
        ArgumentNullException.ThrowIfNull(call);
        _quota.Release(call.QuotaHeld > 0 ? call.QuotaHeld : NoRetryIncrement);
        _limiter?.Update(now, throttled: false);
    }

    /// <summary>
    /// botocore's needs-retry order: the limiter records the response (every response and transport
    /// failure, throttled or not); then under max attempts and retryable, the quota pays the cost, then
    /// the jittered delay.
    /// </summary>
    public override RetryDecision AfterFailure(RetryCallState call, AttemptFailure failure, double now)
    {
        ArgumentNullException.ThrowIfNull(call);
        var throttling = IsThrottling(failure);
        if (failure.Kind != FailureKind.Client)
        {
            _limiter?.Update(now, throttling);
        }

        var attempt = Math.Max(1, call.Attempts);
        if (attempt >= Settings.EffectiveMaxAttempts)
        {
            // MaxAttemptsChecker runs before the error checks and marks MaxAttemptsReached whatever the error was.
            var reason = IsRetryable(failure) ? RetryReason.MaxAttempts : RetryReason.NotRetryable;
            return RetryDecision.Stop(reason, ClientErrorTemplate(failure, retriesMade: attempt - 1));
        }

        if (!IsRetryable(failure))
        {
            return RetryDecision.Stop(RetryReason.NotRetryable, ClientErrorTemplate(failure, retriesMade: null));
        }

        var cost = QuotaCost(failure, throttling);
        if (!_quota.TryAcquire(cost))
        {
            return RetryDecision.Stop(RetryReason.QuotaExhausted, ClientErrorTemplate(failure, retriesMade: null));
        }

        call.Hold(cost);
        var delay = Delay(failure, throttling, attempt);
        return RetryDecision.After(delay, throttling ? RetryReason.Throttling : RetryReason.Transient);
    }

    /// <summary>A throttling error code from the fixed list (Bedrock Runtime models no throttling errors).</summary>
    public override bool IsThrottling(AttemptFailure failure)
        => failure.Kind == FailureKind.ServiceError && ThrottlingErrorCodes.Contains(failure.ErrorCode);

    /// <summary>What botocore's StandardRetryConditions retries, max attempts aside.</summary>
    public static bool IsRetryable(AttemptFailure failure) => failure.Kind switch
    {
        FailureKind.ServiceError => TransientErrorCodes.Contains(failure.ErrorCode)
            || (failure.StatusCode is { } status && TransientStatusCodes.Contains(status))
            || ThrottlingErrorCodes.Contains(failure.ErrorCode)
            || ModeledTransientErrorCodes.Contains(failure.ErrorCode),

        // ConnectionError and HTTPClientError (ReadTimeoutError, ConnectionClosedError are HTTPClientErrors).
        FailureKind.Timeout or FailureKind.Connection => true,
        _ => false,
    };

    private int QuotaCost(AttemptFailure failure, bool throttling)
    {
        if (Settings.Behaviour == RetryBehaviour.Retries2026)
        {
            return throttling ? ThrottlingRetryCost : TransientRetryCost;
        }

        return failure.Kind == FailureKind.Timeout ? LegacyTimeoutRetryCost : LegacyRetryCost;
    }

    private double Delay(AttemptFailure failure, bool throttling, int attempt)
    {
        if (Settings.Behaviour == RetryBehaviour.Legacy)
        {
            return Backoff.CappedThenJittered(Random(), LegacyBaseSeconds, attempt, MaxBackoffSeconds);
        }

        var baseSeconds = throttling ? ThrottlingBaseSeconds : TransientBaseSeconds;
        var computed = Backoff.CappedThenJittered(Random(), baseSeconds, attempt, MaxBackoffSeconds);

        // x-amz-retry-after is read from a response only; the hint is clamped to [computed, computed + 5 s].
        if (failure.Kind == FailureKind.ServiceError && failure.RetryAfterSeconds is { } retryAfter)
        {
            return Math.Max(computed, Math.Min(retryAfter, computed + RetryAfterMaxAdditionalSeconds));
        }

        return computed;
    }

    /// <summary>
    /// botocore's ClientError text (exceptions.py MSG_TEMPLATE): "An error occurred ({code}) when calling the
    /// {operation} operation{retry info}: {message}", where the retry info " (reached max retries: N)" appears
    /// only when max attempts was reached, N being the retries made (endpoint.py RetryAttempts = attempts - 1).
    /// </summary>
    private static string? ClientErrorTemplate(AttemptFailure failure, int? retriesMade)
    {
        if (failure.Kind != FailureKind.ServiceError)
        {
            return null;
        }

        var code = string.IsNullOrEmpty(failure.ErrorCode) ? "Unknown" : failure.ErrorCode;
        var retryInfo = retriesMade is { } n ? $" (reached max retries: {n})" : "";
        return $"An error occurred ({code}) when calling the {OperationPlaceholder} operation{retryInfo}: {MessagePlaceholder}";
    }
}
