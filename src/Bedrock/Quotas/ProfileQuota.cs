namespace LoadTest.Bedrock.Quotas;

/// <summary>
/// The quotas of one inference profile (the whole account-level pool for a global profile):
/// requests per minute, quota tokens per minute and quota tokens per day. One implementation is
/// shared by the emulator (real clock) and the planner's throttling simulation (simulated clock).
/// Thread-safe.
/// </summary>
public sealed class ProfileQuota
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly QuotaBucket? _rpm;
    private readonly QuotaBucket? _tpm;
    private readonly QuotaBucket? _tpd;
    private readonly Lock _gate = new();

    /// <param name="limits">The limits; a null limit is not enforced.</param>
    /// <param name="nowSeconds">Clock reading at which the buckets start full.</param>
    public ProfileQuota(QuotaLimits limits, double nowSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _rpm = limits.RequestsPerMinute is > 0 and var r ? new QuotaBucket(r, Minute, nowSeconds) : null;
        _tpm = limits.TokensPerMinute is > 0 and var t ? new QuotaBucket(t, Minute, nowSeconds) : null;
        _tpd = limits.TokensPerDay is > 0 and var d ? new QuotaBucket(d, Day, nowSeconds) : null;
    }

    public QuotaLimits Limits { get; }

    /// <summary>
    /// Admits a request that reserves <paramref name="reservedTokens"/> quota tokens, or says which
    /// quota refused it. A refused request takes nothing from any bucket.
    /// </summary>
    public QuotaDecision TryAdmit(long reservedTokens, double nowSeconds)
    {
        lock (_gate)
        {
            if (_rpm is not null && _rpm.Available(nowSeconds) < 1)
            {
                return QuotaDecision.TooManyRequests;
            }

            if (_tpm is not null && _tpm.Available(nowSeconds) < reservedTokens)
            {
                return QuotaDecision.TooManyTokens;
            }

            if (_tpd is not null && _tpd.Available(nowSeconds) < reservedTokens)
            {
                return QuotaDecision.TooManyTokens;
            }

            _rpm?.TryTake(1, nowSeconds);
            _tpm?.TryTake(reservedTokens, nowSeconds);
            _tpd?.TryTake(reservedTokens, nowSeconds);
            return QuotaDecision.Admitted;
        }
    }

    /// <summary>Settles an admitted request's reservation to what it actually consumed.</summary>
    public void Settle(long reservedTokens, long consumedTokens, double nowSeconds)
    {
        lock (_gate)
        {
            _tpm?.Settle(reservedTokens, consumedTokens, nowSeconds);
            _tpd?.Settle(reservedTokens, consumedTokens, nowSeconds);
        }
    }

    /// <summary>Quota tokens per minute available now (null when TPM is not enforced).</summary>
    public double? TokensAvailable(double nowSeconds)
    {
        lock (_gate)
        {
            return _tpm?.Available(nowSeconds);
        }
    }
}
