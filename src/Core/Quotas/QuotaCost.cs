namespace LoadTest.Core.Quotas;

/// <summary>
/// The quota arithmetic of one request. Bedrock charges input + cache-write input + output x
/// burndown against the tokens-per-minute quota; cache-read tokens are free. At admission it
/// reserves input + cache write + max_tokens (the reservation rule is a setting, see
/// <see cref="ReservationPolicy"/>) and settles to the actual cost when the request completes.
/// </summary>
public static class QuotaCost
{
    /// <summary>Quota tokens one completed request consumes.</summary>
    public static long Consumed(long inputTokens, long cacheWriteTokens, long outputTokens, double burndown)
        => inputTokens + cacheWriteTokens + (long)Math.Ceiling(outputTokens * burndown);

    /// <summary>Quota tokens held while a request is in flight.</summary>
    public static long Reserved(long inputTokens, long cacheWriteTokens, long maxTokens, double burndown, ReservationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!policy.ReserveMaxTokens)
        {
            return inputTokens + cacheWriteTokens;
        }

        var outputFactor = policy.BurndownOnMaxTokens ? burndown : 1.0;
        return inputTokens + cacheWriteTokens + (long)Math.Ceiling(maxTokens * outputFactor);
    }
}
