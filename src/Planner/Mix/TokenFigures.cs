namespace LoadTest.Planner.Mix;

/// <summary>
/// Expected tokens of one request or one session of a declared workload, and what they cost against
/// the quota. Output includes thinking (thinking tokens are output tokens); cache reads cost nothing.
/// </summary>
/// <param name="InputTokens">Full-price input.</param>
/// <param name="CacheWriteTokens">Input written to the prompt cache (full price against the quota).</param>
/// <param name="CacheReadTokens">Input read from the prompt cache (free against the quota).</param>
/// <param name="OutputTokens">Answer and thinking.</param>
/// <param name="ThinkingTokens">The thinking part of <paramref name="OutputTokens"/>.</param>
/// <param name="QuotaTokens">input + cache write + output x burndown.</param>
/// <param name="QuotaTokensWithoutThinking">The same traffic with thinking off: input + cache write + (output - thinking) x burndown.</param>
public sealed record TokenFigures(
    double InputTokens,
    double CacheWriteTokens,
    double CacheReadTokens,
    double OutputTokens,
    double ThinkingTokens,
    double QuotaTokens,
    double QuotaTokensWithoutThinking)
{
    /// <summary>These figures divided by <paramref name="divisor"/> (a session's over its turns).</summary>
    public TokenFigures Over(double divisor) => new(
        InputTokens / divisor,
        CacheWriteTokens / divisor,
        CacheReadTokens / divisor,
        OutputTokens / divisor,
        ThinkingTokens / divisor,
        QuotaTokens / divisor,
        QuotaTokensWithoutThinking / divisor);
}
