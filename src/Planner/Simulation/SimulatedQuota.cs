using LoadTest.Bedrock.Quotas;

namespace LoadTest.Planner.Simulation;

/// <summary>
/// The admission rule of <see cref="ProfileQuota"/> over the same shared <see cref="QuotaBucket"/>s,
/// without its lock: the simulation is single-threaded per curve point and runs tens of millions
/// of admissions, where the uncontended lock was a measurable share of the time. Same order of
/// checks, same all-or-nothing take, same settlement.
/// </summary>
internal sealed class SimulatedQuota
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly QuotaBucket? _rpm;
    private readonly QuotaBucket? _tpm;
    private readonly QuotaBucket? _tpd;

    public SimulatedQuota(QuotaLimits limits)
    {
        _rpm = limits.RequestsPerMinute is > 0 and var r ? new QuotaBucket(r, Minute) : null;
        _tpm = limits.TokensPerMinute is > 0 and var t ? new QuotaBucket(t, Minute) : null;
        _tpd = limits.TokensPerDay is > 0 and var d ? new QuotaBucket(d, Day) : null;
    }

    public bool TryAdmit(long reserved, double now)
    {
        if ((_rpm is not null && _rpm.Available(now) < 1)
            || (_tpm is not null && _tpm.Available(now) < reserved)
            || (_tpd is not null && _tpd.Available(now) < reserved))
        {
            return false;
        }

        _rpm?.TryTake(1, now);
        _tpm?.TryTake(reserved, now);
        _tpd?.TryTake(reserved, now);
        return true;
    }

    public void Settle(long reserved, long consumed, double now)
    {
        if (reserved == consumed)
        {
            return;
        }

        _tpm?.Settle(reserved, consumed, now);
        _tpd?.Settle(reserved, consumed, now);
    }
}
