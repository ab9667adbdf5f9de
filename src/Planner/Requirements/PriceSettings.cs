namespace LoadTest.Planner.Requirements;

/// <summary>
/// Price multipliers; the per-token prices themselves come from the model's settings
/// (<c>price:</c> in scenarios.yaml or the catalog), at global-profile rates.
/// </summary>
public sealed record PriceSettings
{
    public static PriceSettings Default { get; } = new();

    /// <summary>Cache-write input tokens cost this times the input price.</summary>
    public decimal CacheWriteMultiplier { get; init; } = 1.25m;

    /// <summary>Cache-read input tokens cost this times the input price.</summary>
    public decimal CacheReadMultiplier { get; init; } = 0.1m;

    /// <summary>Geographic profiles cost about this times the global price.</summary>
    public decimal GeographicMultiplier { get; init; } = 1.1m;

    /// <summary>Days in the monthly figure.</summary>
    public int DaysPerMonth { get; init; } = 30;
}
