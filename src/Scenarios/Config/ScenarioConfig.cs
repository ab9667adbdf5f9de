using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Core.Models;

namespace LoadTest.Scenarios.Config;

/// <summary>A validated scenarios.yaml. Built by <see cref="ScenarioConfigLoader"/>.</summary>
public sealed record ScenarioConfig
{
    public string? File { get; init; }

    /// <summary>The document, for sections other rooms read themselves (<c>emulator:</c>, <c>models:</c>).</summary>
    public required YamlNodeReader Root { get; init; }

    public required TargetSettings Target { get; init; }

    /// <summary>The built-in catalog merged with <c>models:</c>.</summary>
    public required IReadOnlyList<ModelSpec> Models { get; init; }

    public required IReadOnlyList<WorkloadSpec> Workloads { get; init; }

    public required IReadOnlyList<ScenarioSpec> Scenarios { get; init; }

    /// <summary>The scenario run when none is named: <c>default:</c>, else the first.</summary>
    public required string DefaultScenario { get; init; }

    public ScenarioSpec? FindScenario(string name) => Scenarios.FirstOrDefault(s => s.Name == name);

    public WorkloadSpec? FindWorkload(string name) => Workloads.FirstOrDefault(w => w.Name == name);

    public ModelSpec? FindModel(string id) => Models.FirstOrDefault(m => m.Id == id);
}
