namespace LoadTest.Core.Retry.JsV3;

/// <summary>
/// Constants of the AWS SDK for JavaScript v3 retry strategies that are the same before and after
/// the 2026 change. Source unless noted: npm @smithy/core 3.41.1 (and 3.39.0),
/// dist-cjs/submodules/retry/index.js (util-retry/constants.js, config.js, DefaultRateLimiter.js,
/// StandardRetryStrategy.js, DefaultRetryBackoffStrategy.js), the code that
/// @aws-sdk/client-bedrock-runtime 3.1164.0 runs.
/// </summary>
public static class JsV3RetryConstants
{
    /// <summary>INITIAL_RETRY_TOKENS: the retry quota's capacity, per client (per retry-token scope).</summary>
    public const int InitialRetryTokens = 500;

    /// <summary>NO_RETRY_INCREMENT: tokens a success gives back when its call made no retry.</summary>
    public const int NoRetryIncrement = 1;

    /// <summary>MAXIMUM_RETRY_DELAY (20 * 1000 ms): the cap on the exponential term, applied before the jitter.</summary>
    public const double MaximumRetryDelayMs = 20_000;

    /// <summary>
    /// A retry-after hint may lengthen the backoff by at most this much: StandardRetryStrategy's
    /// <c>max(backoff, min(hint, backoff + 5_000))</c>.
    /// </summary>
    public const double MaximumRetryAfterExtensionMs = 5_000;

    /// <summary>DEFAULT_MAX_ATTEMPTS: attempts including the first.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>
    /// DefaultRateLimiter's constructor defaults (beta 0.7, minCapacity 1, minFillRate 0.5,
    /// scaleConstant 0.4, smooth 0.8), its half-second rate buckets (<c>Math.floor(t * 2) / 2</c>),
    /// its bucket that starts at 0 tokens (availableTokens = 0; the first refill only records the
    /// time) and its <c>getPrecise</c> rounding to 8 decimals.
    /// </summary>
    public static CubicLimiterSettings Limiter { get; } = new()
    {
        Beta = 0.7,
        MinCapacity = 1,
        MinFillRate = 0.5,
        ScaleConstant = 0.4,
        Smoothing = 0.8,
        MeasurementBucketSeconds = 0.5,
        InitialMaxRate = 0,
        StartsEmpty = true,
        RoundingDigits = 8,
    };

    /// <summary>
    /// THROTTLING_ERROR_CODES of @smithy/core/retry (service-error-classification/constants.js):
    /// an error with one of these names, or HTTP status 429, is a throttling error.
    /// </summary>
    public static IReadOnlySet<string> ThrottlingErrorCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "BandwidthLimitExceeded", "EC2ThrottledException", "LimitExceededException", "PriorRequestNotComplete",
        "ProvisionedThroughputExceededException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
        "SlowDown", "ThrottledException", "Throttling", "ThrottlingException", "TooManyRequestsException",
        "TransactionInProgressException",
    };

    /// <summary>TRANSIENT_ERROR_CODES: error names that are transient whatever the status.</summary>
    public static IReadOnlySet<string> TransientErrorCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "TimeoutError", "RequestTimeout", "RequestTimeoutException",
    };

    /// <summary>TRANSIENT_ERROR_STATUS_CODES: 500, 502, 503, 504 (other 5xx are "SERVER_ERROR", not retried).</summary>
    public static IReadOnlySet<int> TransientStatusCodes { get; } = new HashSet<int> { 500, 502, 503, 504 };

    /// <summary>
    /// Bedrock Runtime errors the client marks retryable by the Smithy @retryable trait
    /// (<c>$retryable = {}</c>, no throttling flag). Source: npm @aws-sdk/client-bedrock-runtime
    /// 3.1164.0, dist-cjs/index.js (only ModelNotReadyException carries it). As it comes with
    /// status 429, the status rule classifies it as throttling first.
    /// </summary>
    public static IReadOnlySet<string> RetryableByTrait { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ModelNotReadyException",
    };
}
