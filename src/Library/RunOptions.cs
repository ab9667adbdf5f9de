using LoadTest.Config;

namespace LoadTest;

/// <summary>How <see cref="LoadTestRunner"/> runs a scenario: where results go, which target, which models and quotas.</summary>
public sealed record RunOptions
{
    /// <summary>The result folder; default results/SCENARIO-TIMESTAMP under the current directory (as <c>loadtest run</c>).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Models, quotas, workloads, target and emulator settings from a scenarios.yaml; default none (the built-in catalog, the in-process emulator).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>As <see cref="ConfigFile"/>, already loaded; wins over it.</summary>
    public ScenarioConfig? Config { get; init; }

    /// <summary>A running endpoint (an emulator, a proxy, or a Bedrock endpoint); default the config's target, or the in-process emulator.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Emulator or Bedrock; default the config's target kind (emulator).</summary>
    public TargetKind? Target { get; init; }

    /// <summary>The model a C# scenario's iterations count against, when it names no workload; default Claude Haiku 4.5.</summary>
    public string Model { get; init; } = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

    /// <summary>Multiplies every phase's duration (0.1 = ten times shorter), as --duration-scale.</summary>
    public double DurationScale { get; init; } = 1;

    /// <summary>Where <see cref="StepContext.Log"/> lines go; default nowhere.</summary>
    public Action<string>? Log { get; init; }
}
