using LoadTest.Config;

namespace LoadTest;

/// <summary>
/// A scenario: a name, what one iteration does (a C# step function, or a YAML scenario's workload
/// mix), its load phases, gates and seed. Immutable; the With methods return a changed copy. A class,
/// not a record: two scenarios with the same name and settings are still two scenarios (a step
/// function has no value equality), and the copy is no public API.
/// </summary>
public sealed class LoadScenario
{
    private LoadScenario(string name)
    {
        Name = name;
    }

    private LoadScenario(LoadScenario other)
    {
        Name = other.Name;
        Iteration = other.Iteration;
        YamlFile = other.YamlFile;
        Phases = other.Phases;
        Gates = other.Gates;
        Seed = other.Seed;
        Workload = other.Workload;
    }

    /// <summary>The scenario's name (the summary's scenario, the default result folder's name).</summary>
    public string Name { get; }

    /// <summary>One iteration of a C# scenario; null for a YAML scenario.</summary>
    internal Func<StepContext, Task<StepResult>>? Iteration { get; private init; }

    /// <summary>The scenarios.yaml a YAML scenario comes from.</summary>
    internal string? YamlFile { get; private init; }

    /// <summary>The load phases, in order.</summary>
    public IReadOnlyList<LoadPhase> Phases { get; private init; } = [];

    /// <summary>Gate expressions in the gate grammar (docs/ci.md), besides the YAML scenario's own.</summary>
    public IReadOnlyList<string> Gates { get; private init; } = [];

    /// <summary>The seed of the schedule and of every random draw (as --seed).</summary>
    public int Seed { get; private init; } = 1;

    /// <summary>The workload of the config whose model and token sizes a C# scenario's iterations use; null for one made from <see cref="RunOptions.Model"/>.</summary>
    public string? Workload { get; private init; }

    /// <summary>A scenario whose every iteration runs <paramref name="iteration"/>.</summary>
    public static LoadScenario Create(string name, Func<StepContext, Task<StepResult>> iteration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(iteration);
        return new LoadScenario(name) { Iteration = iteration };
    }

    /// <summary>
    /// A scenario of a scenarios.yaml, run as <c>loadtest run</c> would run it (its phases and gates
    /// come from the file; <see cref="WithLoad"/> and <see cref="WithGates"/> add to or replace them).
    /// </summary>
    public static LoadScenario FromYaml(string path, string scenarioName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(scenarioName);
        return new LoadScenario(scenarioName) { YamlFile = Path.GetFullPath(path) };
    }

    /// <summary>The load phases, in order (replacing any the scenario had).</summary>
    public LoadScenario WithLoad(params LoadPhase[] phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        return phases.Length == 0 ? throw new ArgumentException("at least one load phase", nameof(phases)) : new LoadScenario(this) { Phases = [.. phases] };
    }

    /// <summary>Gates such as <c>p95(latency) &lt; 2s</c> or <c>p95(step:retrieve) &lt; 200ms</c>, checked when the run ends.</summary>
    public LoadScenario WithGates(params string[] gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        return new LoadScenario(this) { Gates = [.. Gates, .. gates] };
    }

    /// <summary>The seed (same seed, same schedule and draws).</summary>
    public LoadScenario WithSeed(int seed) => new(this) { Seed = seed };

    /// <summary>Iterations take their model and token sizes from this workload of the config (RunOptions.ConfigFile).</summary>
    public LoadScenario WithWorkload(string workload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workload);
        return new LoadScenario(this) { Workload = workload };
    }
}
