namespace LoadTest.Core.Quotas;

/// <summary>
/// The admission rule of one inference profile's quotas, without synchronisation: RPM checked
/// first, then TPM and TPD; a request is admitted only if every bucket can take it, and a refused
/// request takes nothing. <see cref="ProfileQuota"/> wraps it with a lock for the emulator; the
/// planner's single-threaded simulation uses it directly, where tens of millions of admissions
/// made an uncontended lock a measurable share of the time.
/// </summary>
public sealed class QuotaLedger
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly QuotaBucket? _rpm;
    private readonly QuotaBucket? _tpm;
    private readonly QuotaBucket? _tpd;

    /// <param name="limits">The limits; a null limit is not enforced.</param>
    /// <param name="nowSeconds">Clock reading at which the buckets start full.</param>
    public QuotaLedger(QuotaLimits limits, double nowSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _rpm = limits.RequestsPerMinute is > 0 and var r ? new QuotaBucket(r, Minute, nowSeconds) : null;
        _tpm = limits.TokensPerMinute is > 0 and var t ? new QuotaBucket(t, Minute, nowSeconds) : null;
        _tpd = limits.TokensPerDay is > 0 and var d ? new QuotaBucket(d, Day, nowSeconds) : null;
    }

    /// <summary>Admits a request that reserves <paramref name="reservedTokens"/> quota tokens, or says which quota refused it.</summary>
    public QuotaDecision TryAdmit(long reservedTokens, double nowSeconds)
    {
        if (_rpm is not null && _rpm.Available(nowSeconds) < 1)
        {
            return QuotaDecision.TooManyRequests;
        }

        if ((_tpm is not null && _tpm.Available(nowSeconds) < reservedTokens)
            || (_tpd is not null && _tpd.Available(nowSeconds) < reservedTokens))
        {
            return QuotaDecision.TooManyTokens;
        }

        _rpm?.TryTake(1, nowSeconds);
        _tpm?.TryTake(reservedTokens, nowSeconds);
        _tpd?.TryTake(reservedTokens, nowSeconds);
        return QuotaDecision.Admitted;
    }

    /// <summary>Settles an admitted request's reservation to what it actually consumed.</summary>
    public void Settle(long reservedTokens, long consumedTokens, double nowSeconds)
    {
        if (reservedTokens == consumedTokens)
        {
            return;
        }

        _tpm?.Settle(reservedTokens, consumedTokens, nowSeconds);
        _tpd?.Settle(reservedTokens, consumedTokens, nowSeconds);
    }

    /// <summary>Quota tokens per minute available now (null when TPM is not enforced).</summary>
    public double? TokensAvailable(double nowSeconds) => _tpm?.Available(nowSeconds);
}
