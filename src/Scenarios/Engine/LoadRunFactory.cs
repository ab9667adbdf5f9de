using LoadTest.Bedrock.Configuration;
using LoadTest.Scenarios.Config;

namespace LoadTest.Scenarios.Engine;

/// <summary>Turns a validated scenarios.yaml and the command line's overrides into one <see cref="LoadRun"/>.</summary>
public static class LoadRunFactory
{
    public static LoadRun Create(ScenarioConfig config, RunOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        var name = overrides.Scenario ?? config.DefaultScenario;
        var scenario = config.FindScenario(name)
            ?? throw new ConfigException($"{config.File ?? "scenarios.yaml"}: no scenario named '{name}'; scenarios are: {string.Join(", ", config.Scenarios.Select(s => s.Name))}");
        if (!(overrides.DurationScale > 0) || !double.IsFinite(overrides.DurationScale))
        {
            throw new ConfigException($"--duration-scale should be a positive number, got {overrides.DurationScale}");
        }

        var target = scenario.Target;
        if (overrides.Target is { } kind && kind != target.Kind)
        {
            // Switching the kind on the command line also drops the file's endpoint, which belonged to the other kind.
            target = target with { Kind = kind, Endpoint = null };
        }

        target = target with
        {
            Endpoint = overrides.Endpoint ?? target.Endpoint,
            Region = overrides.Region ?? target.Region,
        };

        var gates = scenario.Gates.Concat(overrides.Gates.Select(g => new GateText(g, null, 0, 0))).ToList();
        return new LoadRun
        {
            Scenario = scenario with { Target = target, Gates = gates },
            Workloads = config.Workloads,
            Models = config.Models,
            Seed = overrides.Seed,
            DurationScale = overrides.DurationScale,
            ConfigFile = config.File ?? "",
        };
    }
}
