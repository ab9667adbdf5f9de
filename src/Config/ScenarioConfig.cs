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

    /// <summary>
    /// This config with every workload's model ID rewritten to <paramref name="scope"/> from
    /// <paramref name="sourceRegion"/> (<see cref="ScopedModelId.For"/>), for <c>loadtest run
    /// --profile-scope</c>. A rewritten ID is the same model under another scope: it takes the
    /// entry of the ID it replaces (quotas, speed, prices at global rates) unless <c>models:</c>
    /// lists the rewritten ID itself, whose entry then applies. The emulator, the engine and the
    /// planner all read the result, so they agree on what the new ID means.
    /// </summary>
    public ScenarioConfig InProfileScope(ProfileScope scope, string sourceRegion)
    {
        var models = Models.ToList();
        var workloads = Workloads.Select(w =>
        {
            var id = ScopedModelId.For(w.Model, scope, sourceRegion);
            if (id == w.Model)
            {
                return w;
            }

            if (!ListedModelIds.Contains(id, StringComparer.Ordinal) && FindModel(w.Model) is { } replaced)
            {
                models.RemoveAll(m => m.Id == id);
                models.Add(replaced with { Id = id });
            }

            return w with { Model = id };
        }).ToList();
        return this with { Workloads = workloads, Models = models };
    }
}
