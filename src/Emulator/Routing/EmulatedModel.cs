using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Generation;

namespace LoadTest.Emulator.Routing;

/// <summary>
/// One servable model ID with everything resolved at start: where it may run (source Region
/// first), whose quota it draws from, which Regional capacity it competes for and how fast it is.
/// </summary>
internal sealed class EmulatedModel
{
    public required string Id { get; init; }

    /// <summary>Speeds, output distribution and burndown (an application profile's are its target's).</summary>
    public required ModelSpec Spec { get; init; }

    /// <summary>For an application inference profile: the model or system profile it was made from; null otherwise.</summary>
    public string? MadeFrom { get; init; }

    /// <summary>Base model ID, e.g. anthropic.claude-haiku-4-5-20251001-v1:0.</summary>
    public required string BaseModelId { get; init; }

    /// <summary>Destination Region indexes; the first is the source Region when allowed.</summary>
    public required int[] Destinations { get; init; }

    /// <summary>The profile's quota (shared by an application profile and its target); null = unlimited.</summary>
    public ProfileQuota? Quota { get; init; }

    /// <summary>An application profile's own limits, enforced in addition to the target's.</summary>
    public ProfileQuota? OwnQuota { get; init; }

    public required CapacityPool Capacity { get; init; }

    public required OutputLength Output { get; init; }

    public int MaxOutputTokens => Spec.MaxOutputTokens;

    /// <summary>The most prompt tokens one request may carry.</summary>
    public int ContextWindow => Spec.ContextWindow;

    public double Burndown => Spec.Burndown;

    /// <summary>The provider format the model speaks: which operations it serves and with which body.</summary>
    public ModelFamily Family => Spec.Family;
}
