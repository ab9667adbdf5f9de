namespace LoadTest.Core.Quotas;

/// <summary>
/// The quotas of one inference profile (the whole account-level pool for a global profile):
/// requests per minute, quota tokens per minute and quota tokens per day. The rule is
/// <see cref="QuotaLedger"/>'s, shared with the planner's throttling simulation; this wrapper makes
/// it safe for the emulator's concurrent requests.
/// </summary>
public sealed class ProfileQuota
{
    private readonly QuotaLedger _ledger;
    private readonly Lock _gate = new();

    /// <param name="limits">The limits; a null limit is not enforced.</param>
    /// <param name="nowSeconds">Clock reading at which the buckets start full.</param>
    public ProfileQuota(QuotaLimits limits, double nowSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _ledger = new QuotaLedger(limits, nowSeconds);
    }

    public QuotaLimits Limits { get; }

    /// <inheritdoc cref="QuotaLedger.TryAdmit"/>
    public QuotaDecision TryAdmit(long reservedTokens, double nowSeconds)
    {
        lock (_gate)
        {
            return _ledger.TryAdmit(reservedTokens, nowSeconds);
        }
    }

    /// <inheritdoc cref="QuotaLedger.Settle"/>
    public void Settle(long reservedTokens, long consumedTokens, double nowSeconds)
    {
        lock (_gate)
        {
            _ledger.Settle(reservedTokens, consumedTokens, nowSeconds);
        }
    }

    /// <inheritdoc cref="QuotaLedger.TokensAvailable"/>
    public double? TokensAvailable(double nowSeconds)
    {
        lock (_gate)
        {
            return _ledger.TokensAvailable(nowSeconds);
        }
    }
}
