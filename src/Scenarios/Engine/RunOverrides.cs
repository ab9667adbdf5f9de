using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Scenarios.Gates;
using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>What the command line changes on top of scenarios.yaml (null = keep the file's value).</summary>
public sealed record RunOverrides
{
    public string? Scenario { get; init; }

    public TargetKind? Target { get; init; }

    public Uri? Endpoint { get; init; }

    public string? Region { get; init; }

    /// <summary>Retry mode for every scenario target; fastFail is kept only when the mode stays adaptive.</summary>
    public RetryMode? RetryMode { get; init; }

    /// <summary>Whose SDK retry behaviour to imitate (--sdk); null = the scenario's target.retry.sdk.</summary>
    public LoadTest.Core.Retry.SdkFamily? Sdk { get; init; }

    public int? MaxAttempts { get; init; }

    /// <summary>Every workload's model ID rewritten to this scope for the run (--profile-scope); null = as configured.</summary>
    public LoadTest.Core.Models.ProfileScope? ProfileScope { get; init; }

    public int Seed { get; init; } = 1;

    public double DurationScale { get; init; } = 1;

    /// <summary>Gates (from <c>--gate</c>, already parsed) added to the scenario's own.</summary>
    public IReadOnlyList<Gate> Gates { get; init; } = [];

    /// <summary>A baseline run's summary, for gates written relative to <c>baseline</c>.</summary>
    public RunSummary? Baseline { get; init; }
}
