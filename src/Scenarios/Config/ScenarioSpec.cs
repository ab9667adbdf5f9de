using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Load;

namespace LoadTest.Scenarios.Config;

/// <summary>One named scenario: the workload mix, the phases of load in order, and its gates.</summary>
public sealed record ScenarioSpec
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Workload name to relative weight (weights need not sum to 100).</summary>
    public required IReadOnlyDictionary<string, double> Mix { get; init; }

    public required IReadOnlyList<LoadPhase> Phases { get; init; }

    /// <summary>Gates, parsed when the file was loaded (a malformed one never reaches a run).</summary>
    public IReadOnlyList<Gate> Gates { get; init; } = [];

    /// <summary>The scenario's target (the top-level target with this scenario's overrides applied).</summary>
    public required TargetSettings Target { get; init; }

    public TimeSpan Duration => Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);
}
