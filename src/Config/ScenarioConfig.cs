using LoadTest.Core.Models;

namespace LoadTest.Config;

/// <summary>
/// A validated scenarios.yaml, every section typed: the one config model the engine, the emulator
/// and the planner take. Built by <see cref="ScenarioConfigLoader"/>.
/// </summary>
public sealed record ScenarioConfig
{
    public string? File { get; init; }

    public required TargetSettings Target { get; init; }

    /// <summary>The built-in catalog merged with <c>models:</c>.</summary>
    public required IReadOnlyList<ModelSpec> Models { get; init; }

    /// <summary>The IDs listed under <c>models:</c> (the rest of <see cref="Models"/> is the built-in catalog).</summary>
    public IReadOnlyList<string> ListedModelIds { get; init; } = [];

    /// <summary>The <c>emulator:</c> section (<see cref="EmulatorSection.Empty"/> when absent).</summary>
    public EmulatorSection Emulator { get; init; } = EmulatorSection.Empty;

    /// <summary>Empty in a file that only configures the emulator or the planner's models.</summary>
    public required IReadOnlyList<WorkloadSpec> Workloads { get; init; }

    /// <summary>Empty in a file that only configures the emulator or the planner's models.</summary>
    public required IReadOnlyList<ScenarioSection> Scenarios { get; init; }

    /// <summary>The scenario run when none is named: <c>default:</c>, else the first; null when there are none.</summary>
    public string? DefaultScenario { get; init; }

    public ScenarioSection? FindScenario(string name) => Scenarios.FirstOrDefault(s => s.Name == name);

    public WorkloadSpec? FindWorkload(string name) => Workloads.FirstOrDefault(w => w.Name == name);

    public ModelSpec? FindModel(string id) => Models.FirstOrDefault(m => m.Id == id);
}
