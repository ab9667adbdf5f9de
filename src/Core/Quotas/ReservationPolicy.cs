namespace LoadTest.Core.Quotas;

/// <summary>
/// How much quota Bedrock holds when it admits a request. The reservation of max_tokens is
/// reported by users rather than documented verbatim, so it is a setting. Default: reserve
/// input + cache write + max_tokens x burndown, the conservative reading, which makes a large
/// max_tokens throttle earlier than the actual output would suggest.
/// </summary>
public sealed record ReservationPolicy(bool ReserveMaxTokens = true, bool BurndownOnMaxTokens = true)
{
    public static ReservationPolicy Default { get; } = new();
}
