using LoadTest.Results;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Planner.Mix;

namespace LoadTest.Planner.Requirements;

/// <summary>
/// One inference profile's demand, measured (from a run's token mix) or declared (plain numbers).
/// Token counts are per-request averages.
/// </summary>
public sealed record PlanInput
{
    /// <summary>The profile: ID, display name for quota names, burndown, prices, speed.</summary>
    public required ModelSpec Spec { get; init; }

    /// <summary>The measured or declared load that multiplier 1 means.</summary>
    public required double BaselineRpm { get; init; }

    public required double InputTokens { get; init; }

    public required double OutputTokens { get; init; }

    public double CacheWriteTokens { get; init; }

    public double CacheReadTokens { get; init; }

    /// <summary>Thinking tokens per request, part of <see cref="OutputTokens"/> (0 without thinking).</summary>
    public double ThinkingTokens { get; init; }

    /// <summary>
    /// Quota tokens per request of the same traffic with thinking off, when the mix knows it
    /// (declared workloads: without thinking no block is carried back as input either); null:
    /// the request without its thinking output.
    /// </summary>
    public double? QuotaTokensWithoutThinking { get; init; }

    /// <summary>max_tokens per request (null: see <see cref="MaxTokensUnset"/>).</summary>
    public double? MaxTokens { get; init; }

    /// <summary>
    /// With no <see cref="MaxTokens"/>: true = the requests send none, so they reserve the
    /// reservation rule's default (the model's maximum output); false = unknown, so a request
    /// reserves what it outputs.
    /// </summary>
    public bool MaxTokensUnset { get; init; }

    /// <summary>
    /// The Regions the demand was called from (a run's Region, an import's source Regions most used
    /// first, a scenario's target Region): where Bedrock publishes the profile's CloudWatch metrics,
    /// so where its alarms go. Empty when not known (declared numbers).
    /// </summary>
    public IReadOnlyList<string> SourceRegions { get; init; } = [];

    /// <summary>The profile's quotas now, when known.</summary>
    public QuotaLimits? CurrentQuotas { get; init; }

    /// <summary>Where <see cref="CurrentQuotas"/> came from ("flags", "scenarios.yaml", "run settings", "catalog defaults").</summary>
    public string? QuotaSource { get; init; }

    /// <summary>Request shapes to draw in the throttling simulation; empty = every request is the average one.</summary>
    public IReadOnlyList<RequestShape> Shapes { get; init; } = [];

    /// <summary>The measured mix (the model's, all workloads) when built from a run.</summary>
    public TokenMix? Mix { get; init; }

    /// <summary>The measured mix per workload on this model.</summary>
    public IReadOnlyList<TokenMix> Workloads { get; init; } = [];

    /// <summary>The workloads declared in scenarios.yaml that make up this demand (empty when measured or plain numbers).</summary>
    public IReadOnlyList<WorkloadPlan> Declared { get; init; } = [];

    /// <summary>The run's own load and throttle rate, for predicted vs measured.</summary>
    public MeasuredLoad? Measured { get; init; }

    /// <summary>
    /// The recorded peak when built from an import: required TPM is its peak minute's quota tokens
    /// (not <see cref="BaselineRpm"/> x the average request), and TPD its busiest day's, each scaled
    /// as the rate is. <see cref="BaselineRpm"/> is then its peak minute's requests.
    /// </summary>
    public RecordedPeak? Recorded { get; init; }

    /// <summary>With <see cref="Recorded"/>: TPD from the settings' daily shape (--average-to-peak / --hourly-profile) instead of the recorded busiest day.</summary>
    public bool ShapeFromSettings { get; init; }
}

/// <summary>
/// A run's load on one profile: offered RPM over its duration, the throttle rate it met, and its
/// requests as they were scheduled (empty = only the average rate is known).
/// </summary>
public sealed record MeasuredLoad(double OfferedRpm, double DurationSeconds, double ThrottleRate)
{
    public IReadOnlyList<ReplayArrival> Arrivals { get; init; } = [];

    /// <summary>The run's load phases, for a comparison per phase (empty = none).</summary>
    public IReadOnlyList<PhaseWindow> Phases { get; init; } = [];
}
