namespace LoadTest.Planner;

/// <summary>Quotas given on the command line; they win over every other source.</summary>
public sealed record QuotaOverrides(long? Tpm = null, long? Rpm = null, long? Tpd = null)
{
    public static QuotaOverrides None { get; } = new();

    public bool Any => Tpm is not null || Rpm is not null || Tpd is not null;
}
