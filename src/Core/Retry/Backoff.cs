namespace LoadTest.Core.Retry;

/// <summary>The SDKs' exponential backoff with "full jitter".</summary>
public static class Backoff
{
    /// <summary>
    /// Delay before retry number <paramref name="retry"/> (1 = the first retry):
    /// <c>random x base x 2^(retry-1)</c>, capped at <paramref name="maxSeconds"/>. SDKs differ in
    /// whether the cap applies before or after the jitter; this is jitter first, then the cap
    /// (JS v3 before @smithy/util-retry 4.3.0). <see cref="CappedThenJittered"/> is the other order
    /// (JS v3 since util-retry 4.3.0 / @smithy/core/retry; botocore/retries/standard.py's
    /// ExponentialBackoff, <c>rand * min(2 ** (attempt - 1), 20)</c>).
    /// </summary>
    public static double FullJitter(double random01, double baseSeconds, int retry, double maxSeconds)
        => Math.Min(maxSeconds, random01 * baseSeconds * Math.Pow(2, retry - 1));

    /// <summary>
    /// <c>random x min(max, base x 2^(retry-1))</c>: botocore's ExponentialBackoff (botocore/retries/standard.py)
    /// and the AWS SDKs reference guide's formula (feature-retry-behavior.html).
    /// </summary>
    public static double CappedThenJittered(double random01, double baseSeconds, int retry, double maxSeconds)
        => random01 * Math.Min(maxSeconds, baseSeconds * Math.Pow(2, retry - 1));
}
