namespace LoadTest.Results;

/// <summary>
/// What admission reserved per request against what a request consumed, for one slice of a run
/// (summary.json's <c>byWorkload.*.reservation</c>). The one derivation of "the reservation, not
/// the consumption, throttles this workload": every report reads <see cref="Throttles"/>.
/// The reservation is the target's rule applied to each request that consumed quota (input +
/// cache write + maxTokens, or the model's maximum output when it sent none); consumption is its
/// quota tokens (input + cache write + output x burndown).
/// </summary>
public sealed record ReservationPressure
{
    /// <summary>
    /// Reserved over consumed above which a throttled workload is said to be throttled by its
    /// reservation. At 2 the quota admits fewer than half the requests at once that its
    /// consumption would allow, more than any burst or rounding explains; below it throttling is
    /// read as plain demand.
    /// </summary>
    public const double Threshold = 2;

    /// <summary>Mean quota tokens reserved at admission per request that consumed quota.</summary>
    public double ReservedPerRequest { get; init; }

    /// <summary>Mean quota tokens consumed per request that consumed quota.</summary>
    public double ConsumedPerRequest { get; init; }

    /// <summary><see cref="ReservedPerRequest"/> / <see cref="ConsumedPerRequest"/>.</summary>
    public double Ratio { get; init; }

    /// <summary>The figures of <paramref name="requests"/> requests that reserved and consumed these totals; null when there is nothing to compare.</summary>
    public static ReservationPressure? Of(long requests, long reservedTokens, long consumedTokens)
        => requests <= 0 || reservedTokens <= 0 || consumedTokens <= 0
            ? null
            : new ReservationPressure
            {
                ReservedPerRequest = (double)reservedTokens / requests,
                ConsumedPerRequest = (double)consumedTokens / requests,
                Ratio = (double)reservedTokens / consumedTokens,
            };

    /// <summary>True when the group was throttled and reserves more than <see cref="Threshold"/> times what it consumes.</summary>
    public static bool Throttles(GroupSummary group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Throttled > 0 && group.Reservation is { Ratio: > Threshold };
    }
}
