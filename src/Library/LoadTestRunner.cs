using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Emulator;
using LoadTest.Reports;
using LoadTest.Results;
using LoadTest.Scenarios.Engine;

namespace LoadTest;

/// <summary>
/// Runs a <see cref="LoadScenario"/> on the LoadTest engine and writes the result folder
/// <c>loadtest run</c> writes (so <c>loadtest report</c>, <c>gate</c>, <c>plan</c> and <c>compare</c>
/// read it unchanged). A C# scenario becomes a scenario of the config (its mix is one workload) and
/// goes through the same <see cref="LoadRunFactory"/> as a YAML one; only what one request does differs.
/// </summary>
public static class LoadTestRunner
{
    private const string MinimalConfig = "target:\n  kind: emulator\n";

    /// <summary>
    /// Runs <paramref name="scenario"/> to its end (or <paramref name="cancellationToken"/>) and returns
    /// its summary, judged against its gates (<see cref="RunSummary.Passed"/>). A bad scenario or
    /// config throws <see cref="ConfigException"/> before any load is sent.
    /// </summary>
    public static async Task<RunSummary> RunAsync(LoadScenario scenario, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new RunOptions();
        var config = Config(scenario, options);
        var run = LoadRunFactory.Create(WithScenario(config, scenario, options), new RunOverrides
        {
            Scenario = scenario.Name,
            Seed = scenario.Seed,
            DurationScale = options.DurationScale,
            Endpoint = options.Endpoint,
            Target = options.Target,
        });
        var output = options.OutputDirectory is null
            ? ResultsDirectory.Default(Directory.GetCurrentDirectory(), run.Scenario.Name, DateTimeOffset.UtcNow)
            : new ResultsDirectory(Path.GetFullPath(options.OutputDirectory));

        EmulatorServer? emulator = null;
        try
        {
            var target = run.Scenario.Target;
            if (target is { Kind: TargetKind.Emulator, Endpoint: null })
            {
                emulator = await EmulatorConfig.StartAsync(config, config.File ?? "the config", http2: false, cancellationToken);
                target = target with { Endpoint = emulator.Http1Url };
                run = run with { Scenario = run.Scenario with { Target = target } };
            }

            using var pool = new BedrockClientPool();
            var client = pool.For(target);
            IRequestSender sender = scenario.Iteration is { } iteration
                ? new StepScenarioSender(iteration, client, target.Kind, scenario.Seed, options.Log)
                : new BedrockRequestSender(client, target.Kind, models: run.Models);
            return await new LoadEngine(sender, TimeProvider.System, reports: RunReportWriter.Instance).RunAsync(run, output, cancellationToken);
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static ScenarioConfig Config(LoadScenario scenario, RunOptions options)
    {
        if (scenario.YamlFile is { } yaml)
        {
            return ScenarioConfigLoader.LoadFile(yaml);
        }

        return options.Config
            ?? (options.ConfigFile is { } file ? ScenarioConfigLoader.LoadFile(file) : ScenarioConfigLoader.Parse(MinimalConfig, "LoadTestRunner"));
    }

    /// <summary>The config with the scenario as one of its scenarios: a C# one added (with its workload), a YAML one with the C# phases and gates applied.</summary>
    private static ScenarioConfig WithScenario(ScenarioConfig config, LoadScenario scenario, RunOptions options)
    {
        var where = $"scenario '{scenario.Name}'";
        var gates = scenario.Gates.Select(g => new GateText(g, where, 1, 1)).ToList();
        if (scenario.Iteration is null)
        {
            var section = config.FindScenario(scenario.Name)
                ?? throw new ConfigException($"{config.File}: no scenario named '{scenario.Name}'{NearestName.Hint(scenario.Name, config.Scenarios.Select(s => s.Name))}");
            section = section with
            {
                Phases = scenario.Phases.Count > 0 ? scenario.Phases : section.Phases,
                Gates = [.. section.Gates, .. gates],
            };
            return config with { Scenarios = [.. config.Scenarios.Select(s => s.Name == section.Name ? section : s)] };
        }

        if (scenario.Phases.Count == 0)
        {
            throw new ConfigException($"{where} has no load phases; add .WithLoad(Load.Inject(...))");
        }

        var workloads = config.Workloads;
        WorkloadSpec workload;
        if (scenario.Workload is { } name)
        {
            workload = config.FindWorkload(name)
                ?? throw new ConfigException($"{where} uses workload '{name}', which {config.File ?? "the config"} does not define{NearestName.Hint(name, config.Workloads.Select(w => w.Name))}");
        }
        else
        {
            if (config.FindWorkload(scenario.Name) is not null)
            {
                throw new ConfigException($"{where}: the config already has a workload named '{scenario.Name}'; use .WithWorkload(\"{scenario.Name}\") or another scenario name");
            }

            workload = new WorkloadSpec
            {
                Name = scenario.Name,
                Model = options.Model,
                InputTokens = TokenDistribution.Constant(200),
                OutputTokens = TokenDistribution.Constant(50),
                MaxTokens = 256,
            };
            workloads = [.. workloads, workload];
        }

        var added = new ScenarioSection
        {
            Name = scenario.Name,
            Mix = new Dictionary<string, double>(StringComparer.Ordinal) { [workload.Name] = 1 },
            Phases = scenario.Phases,
            Gates = gates,
            Target = config.Target,
            TimesSteps = true,
        };
        return config with
        {
            Workloads = workloads,
            Scenarios = [.. config.Scenarios.Where(s => s.Name != scenario.Name), added],
            DefaultScenario = scenario.Name,
        };
    }
}
