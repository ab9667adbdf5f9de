namespace LoadTest.Core.Quotas;

/// <summary>
/// The quota arithmetic of one request. Bedrock charges input + cache-write input + output x
/// burndown against the tokens-per-minute quota; cache-read tokens are free. At admission it
/// reserves input + cache write + max_tokens, releases the unused part as the output is generated
/// and settles to the actual cost when the request completes (the rule is a setting, see
/// <see cref="ReservationPolicy"/>).
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

    /// <summary>
    /// Quota tokens of the reservation given back once <paramref name="generated"/> of the
    /// request's <paramref name="outputTokens"/> are generated, under progressive release: the
    /// unused part (what the reservation holds beyond input + cache write + the output it will
    /// produce) goes back in step with the output, all of it by the last token. Bedrock does not
    /// say how often it adjusts; the emulator knows the output it plans, so it releases in
    /// proportion. Zero when the policy releases at completion or nothing is over-reserved.
    /// </summary>
    public static long Released(long reservedTokens, long inputTokens, long cacheWriteTokens, long outputTokens, long generated, ReservationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var unused = reservedTokens - inputTokens - cacheWriteTokens - outputTokens;
        if (policy.Release != ReservationRelease.Progressive || unused <= 0 || generated <= 0)
        {
            return 0;
        }

        return generated >= outputTokens ? unused : unused * generated / outputTokens;
    }
}
