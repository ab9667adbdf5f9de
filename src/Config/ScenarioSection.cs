namespace LoadTest.Config;

/// <summary>One entry of scenarios.yaml's <c>scenarios:</c>: the workload mix, the phases of load in order, and its gates.</summary>
public sealed record ScenarioSection
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Workload name to relative weight (weights need not sum to 100); every workload named exists.</summary>
    public required IReadOnlyDictionary<string, double> Mix { get; init; }

    public required IReadOnlyList<LoadPhase> Phases { get; init; }

    /// <summary>The gates as written; the engine parses them with the gate grammar.</summary>
    public IReadOnlyList<GateText> Gates { get; init; } = [];

    /// <summary>The scenario's target (the top-level target with this scenario's overrides applied).</summary>
    public required TargetSettings Target { get; init; }

    /// <summary>
    /// Its iterations are C# code (a LoadTest.Library scenario) that may time named steps, so step
    /// gates can apply. False for every scenario scenarios.yaml declares: a YAML request is one call
    /// and names no steps.
    /// </summary>
    public bool TimesSteps { get; init; }
}
