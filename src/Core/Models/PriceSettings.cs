namespace LoadTest.Core.Models;

/// <summary>
/// How token prices are applied: the per-token prices themselves come from the model's settings
/// (<c>price:</c> in scenarios.yaml or the catalog), at global-profile rates; these multipliers
/// turn them into what a request costs by token kind and by the scope of the profile it used.
/// The planner's cost estimates and a run's measured cost both price through here.
/// </summary>
public sealed record PriceSettings
{
    public static PriceSettings Default { get; } = new();

    /// <summary>Cache-write input tokens cost this times the input price.</summary>
    public decimal CacheWriteMultiplier { get; init; } = 1.25m;

    /// <summary>Cache-read input tokens cost this times the input price.</summary>
    public decimal CacheReadMultiplier { get; init; } = 0.1m;

    /// <summary>
    /// Geographic profiles cost about this times the global price (global is about 10 % cheaper);
    /// a base model ID, served in the source Region only, is priced like its geography.
    /// </summary>
    public decimal GeographicMultiplier { get; init; } = 1.1m;

    /// <summary>Days in the monthly figure.</summary>
    public int DaysPerMonth { get; init; } = 30;

    /// <summary>
    /// The price of <paramref name="spec"/>'s tokens at the rate of its own profile's scope: global
    /// at the listed prices, geographic and in-Region times <see cref="GeographicMultiplier"/>; an
    /// application inference profile at the scope of the profile it was made from.
    /// </summary>
    public TokenPrice PriceOf(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var profile = spec.Profile;
        var scope = profile.Scope == ProfileScope.Application && spec.Target is { } target ? InferenceProfileId.Parse(target).Scope : profile.Scope;
        var scale = scope is ProfileScope.Geographic or ProfileScope.SourceRegion ? GeographicMultiplier : 1m;
        return GlobalPriceOf(spec).Times(scale);
    }

    /// <summary>The price of <paramref name="spec"/>'s tokens at global-profile rates, whatever its ID.</summary>
    public TokenPrice GlobalPriceOf(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var input = spec.InputPricePerMillion;
        return new TokenPrice(input, spec.OutputPricePerMillion, input * CacheWriteMultiplier, input * CacheReadMultiplier);
    }
}
