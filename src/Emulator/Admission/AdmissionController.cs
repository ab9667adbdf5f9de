using LoadTest.Core.Quotas;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Admission;

/// <summary>
/// Admits requests the way Bedrock does: first the profile's quotas (RPM, then TPM and TPD
/// against the reservation), then a slot in a destination Region (the source Region first,
/// then the other allowed Regions, skipping full and down ones). While the output is generated the
/// unused reservation may go back in steps (<see cref="Release"/>); at completion what is still held
/// is settled to the actual consumption and the slot is freed. Time is passed in as seconds so tests
/// drive it on a simulated clock.
/// </summary>
internal sealed class AdmissionController
{
    private readonly RegionTable _regions;
    private long _spill;

    public AdmissionController(RegionTable regions)
    {
        _regions = regions;
    }

    public AdmissionTicket TryAdmit(EmulatedModel model, long reservedTokens, double nowSeconds)
    {
        var quota = model.Quota;
        var own = model.OwnQuota;
        if (own is not null)
        {
            var ownDecision = own.TryAdmit(reservedTokens, nowSeconds);
            if (ownDecision != QuotaDecision.Admitted)
            {
                return Refused(ownDecision);
            }
        }

        if (quota is not null)
        {
            var decision = quota.TryAdmit(reservedTokens, nowSeconds);
            if (decision != QuotaDecision.Admitted)
            {
                own?.Settle(reservedTokens, 0, nowSeconds);
                return Refused(decision);
            }
        }

        var region = AcquireRegion(model, nowSeconds);
        if (region < 0)
        {
            // Not served: hand the tokens back (the request still counted against RPM).
            quota?.Settle(reservedTokens, 0, nowSeconds);
            own?.Settle(reservedTokens, 0, nowSeconds);
            return new AdmissionTicket(AdmissionStatus.NoCapacity, model, -1, 0);
        }

        return new AdmissionTicket(AdmissionStatus.Admitted, model, region, reservedTokens);
    }

    /// <summary>Gives <paramref name="tokens"/> of an admitted request's reservation back to its quotas before it completes.</summary>
    public static void Release(in AdmissionTicket ticket, long tokens, double nowSeconds)
    {
        if (!ticket.Admitted || ticket.Model is null || tokens <= 0)
        {
            return;
        }

        ticket.Model.Quota?.Settle(tokens, 0, nowSeconds);
        ticket.Model.OwnQuota?.Settle(tokens, 0, nowSeconds);
    }

    /// <summary>
    /// Frees the Region slot and settles what is still held of the reservation (the reservation
    /// less the <paramref name="releasedTokens"/> already given back) to <paramref name="consumedTokens"/>.
    /// </summary>
    public void Complete(in AdmissionTicket ticket, long consumedTokens, double nowSeconds, long releasedTokens = 0)
    {
        if (!ticket.Admitted || ticket.Model is null)
        {
            return;
        }

        var held = ticket.Reserved - releasedTokens;
        ticket.Model.Capacity.Release(ticket.Region);
        ticket.Model.Quota?.Settle(held, consumedTokens, nowSeconds);
        ticket.Model.OwnQuota?.Settle(held, consumedTokens, nowSeconds);
    }

    private static AdmissionTicket Refused(QuotaDecision decision)
        => new(decision == QuotaDecision.TooManyRequests ? AdmissionStatus.TooManyRequests : AdmissionStatus.TooManyTokens, null, -1, 0);

    private int AcquireRegion(EmulatedModel model, double nowSeconds)
    {
        var dest = model.Destinations;
        var first = dest[0];
        if (first == _regions.SourceIndex && TryRegion(model, first, nowSeconds))
        {
            return first;
        }

        // Spill over round-robin so overflow spreads across the allowed Regions instead of piling on one.
        var start = first == _regions.SourceIndex ? 1 : 0;
        var others = dest.Length - start;
        if (others <= 0)
        {
            return -1;
        }

        var offset = (int)((ulong)Interlocked.Increment(ref _spill) % (ulong)others);
        for (var i = 0; i < others; i++)
        {
            var region = dest[start + ((offset + i) % others)];
            if (TryRegion(model, region, nowSeconds))
            {
                return region;
            }
        }

        return -1;
    }

    private bool TryRegion(EmulatedModel model, int region, double nowSeconds)
        => !_regions.IsDown(region, nowSeconds) && model.Capacity.TryAcquire(region, _regions.Capacity(region));
}
