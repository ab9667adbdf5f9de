namespace LoadTest.Core.Retry.JavaV2;

/// <summary>
/// The AWS SDK for Java 2.x retry constants, as its source states them (aws/aws-sdk-java-v2; Java
/// cannot run on the build machines, so tests pin these values). "Legacy" here means the SDK's
/// rules before the 2026 change ("retries 2.0"); "2026" the rules behind AWS_NEW_RETRIES_2026=true
/// ("retries 2.1", opt-in from 2.44.0, default "to be announced").
/// </summary>
public static class JavaV2RetryDefaults
{
    /// <summary>Attempts including the first for standard and adaptive, both rule sets.</summary>
    /// <remarks>core/retries/.../retries/DefaultRetryStrategy.java, Standard.MAX_ATTEMPTS and Adaptive.MAX_ATTEMPTS = 3.</remarks>
    public const int MaxAttempts = 3;

    /// <summary>Retry quota (the strategy's "circuit breaker" token bucket) capacity, tokens.</summary>
    /// <remarks>DefaultRetryStrategy.java, Standard.TOKEN_BUCKET_SIZE = 500.</remarks>
    public const int QuotaCapacity = 500;

    /// <summary>Transient (non-throttling) base delay before 2026, seconds.</summary>
    /// <remarks>DefaultRetryStrategy.java, Standard.BASE_DELAY (BASE_DELAY_V20) = 100 ms.</remarks>
    public const double TransientBaseSeconds = 0.100;

    /// <summary>Transient (non-throttling) base delay with the 2026 rules, seconds.</summary>
    /// <remarks>DefaultRetryStrategy.java, Standard.BASE_DELAY_V21 = 50 ms; issue aws/aws-sdk-java-v2#6987.</remarks>
    public const double TransientBaseSeconds2026 = 0.050;

    /// <summary>Throttling base delay of the retry strategies, seconds (both rule sets).</summary>
    /// <remarks>DefaultRetryStrategy.java, Standard.THROTTLED_BASE_DELAY = 1 s.</remarks>
    public const double ThrottlingBaseSeconds = 1.0;

    /// <summary>Backoff cap, seconds.</summary>
    /// <remarks>DefaultRetryStrategy.java, Standard.MAX_BACKOFF = 20 s; SdkDefaultRetrySetting.MAX_BACKOFF = 20,000 ms.</remarks>
    public const double MaxBackoffSeconds = 20.0;

    /// <summary>Standard mode before 2026: every retry costs this, throttling or not.</summary>
    /// <remarks>StandardRetryStrategy.builder(): tokenBucketExceptionCost(Standard.DEFAULT_EXCEPTION_TOKEN_COST = 5), one cost for all errors.</remarks>
    public const int StandardRetryCost = 5;

    /// <summary>
    /// Adaptive mode (ADAPTIVE_V2) before 2026: a retry costs the whole bucket, so a client has at
    /// most one retry outstanding and refills only through successes.
    /// </summary>
    /// <remarks>AdaptiveRetryStrategy.builder(): tokenBucketExceptionCost(Standard.TOKEN_BUCKET_SIZE) = 500.</remarks>
    public const int AdaptiveRetryCost = 500;

    /// <summary>2026 rules: a transient retry costs this.</summary>
    /// <remarks>DefaultRetryStrategy.java, Standard.DEFAULT_EXCEPTION_TOKEN_COST_V21 = 14.</remarks>
    public const int TransientRetryCost2026 = 14;

    /// <summary>2026 rules: a throttling retry costs this.</summary>
    /// <remarks>DefaultRetryStrategy.java, Standard.THROTTLING_EXCEPTION_TOKEN_COST_V21 = 5.</remarks>
    public const int ThrottlingRetryCost2026 = 5;

    /// <summary>A success gives back at least this many tokens, so a drained bucket refills.</summary>
    /// <remarks>BaseRetryStrategy.releaseTokenBucketCapacity: Math.max(token.capacityAcquired(), 1).</remarks>
    public const int MinimumRelease = 1;

    /// <summary>2026 standard mode: an x-amz-retry-after hint may exceed the computed backoff by at most this, seconds.</summary>
    /// <remarks>DefaultStandardRetryStrategy.computeBackoff: FIVE_SECONDS (clamp to [backoff, backoff + 5 s]); PR aws/aws-sdk-java-v2#6925.</remarks>
    public const double RetryAfterSlackSeconds = 5.0;

    /// <summary>HTTP statuses retried as transient errors.</summary>
    /// <remarks>SdkDefaultRetrySetting.RETRYABLE_STATUS_CODES: 500, 502, 503, 504.</remarks>
    public static IReadOnlySet<int> RetryableStatusCodes { get; } = new HashSet<int> { 500, 502, 503, 504 };

    /// <summary>Error codes treated as throttling (any 429 is throttling too).</summary>
    /// <remarks>core/aws-core/.../internal/AwsErrorCode.THROTTLING_ERROR_CODES; SdkServiceException.isThrottlingException: status 429.</remarks>
    public static IReadOnlySet<string> ThrottlingErrorCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "ProvisionedThroughputExceededException", "SlowDown",
        "TooManyRequestsException", "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled",
    };

    /// <summary>2026 rules add this code as retryable and throttling.</summary>
    /// <remarks>Issue aws/aws-sdk-java-v2#6987 ("LimitExceededException: Not retryable → Retryable"), PR #6925.</remarks>
    public const string LimitExceeded = "LimitExceededException";

    /// <summary>Other error codes retried: AwsErrorCode.RETRYABLE_ERROR_CODES and CLOCK_SKEW_ERROR_CODES (RetryUtils.isClockSkewException).</summary>
    public static IReadOnlySet<string> OtherRetryableErrorCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PriorRequestNotComplete",
        "RequestTimeTooSkewed", "RequestExpired", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "RequestInTheFuture",
    };
}
