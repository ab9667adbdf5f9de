using LoadTest.Scenarios.Config;

namespace LoadTest.Scenarios.Engine;

/// <summary>What the command line changes on top of scenarios.yaml (null = keep the file's value).</summary>
public sealed record RunOverrides
{
    public string? Scenario { get; init; }

    public TargetKind? Target { get; init; }

    public Uri? Endpoint { get; init; }

    public string? Region { get; init; }

    public int Seed { get; init; } = 1;

    public double DurationScale { get; init; } = 1;

    /// <summary>Gate expressions added to the scenario's own.</summary>
    public IReadOnlyList<string> Gates { get; init; } = [];
}
