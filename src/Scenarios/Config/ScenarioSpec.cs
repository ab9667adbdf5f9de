using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Scenarios.Gates;

namespace LoadTest.Scenarios.Config;

/// <summary>One scenario ready to run: the config's scenario with its gates parsed by the gate grammar.</summary>
public sealed record ScenarioSpec
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>Workload name to relative weight (weights need not sum to 100).</summary>
    public required IReadOnlyDictionary<string, double> Mix { get; init; }

    public required IReadOnlyList<LoadPhase> Phases { get; init; }

    /// <summary>Gates, parsed before the run starts (a malformed one never reaches a run).</summary>
    public IReadOnlyList<Gate> Gates { get; init; } = [];

    /// <summary>The scenario's target (the top-level target with this scenario's overrides applied).</summary>
    public required TargetSettings Target { get; init; }

    /// <summary>Its iterations are C# code that may time named steps (<see cref="ScenarioSection.TimesSteps"/>).</summary>
    public bool TimesSteps { get; init; }

    public TimeSpan Duration => Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);

    /// <summary>
    /// Parses the scenario's gates and checks that a gate scoped to a workload or model names one
    /// the scenario sends, so a typo fails before any load is sent; errors point into the file.
    /// </summary>
    public static ScenarioSpec From(ScenarioSection section, IReadOnlyList<WorkloadSpec> workloads)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(workloads);
        var mixed = section.Mix.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToList();
        var models = workloads.Where(w => mixed.Contains(w.Name)).Select(w => w.Model).Distinct(StringComparer.Ordinal).ToList();
        var gates = new List<Gate>();
        foreach (var text in section.Gates)
        {
            var gate = GateParser.Parse(text.Expression, text.File, text.Line, text.Column) with
            {
                AbortOnFail = text.AbortOnFail,
                AbortDelay = text.AbortDelay,
            };
            if (gate.Scope.NotSent(mixed, models) is { } known)
            {
                var kind = gate.Scope.Kind.ToString().ToLowerInvariant();
                throw new ConfigException(text.File, text.Line, text.Column, $"gate '{gate.Expression}' names {kind} '{gate.Scope.Name}', which this scenario does not send; it sends: {string.Join(", ", known)}");
            }

            if (StepGateError(gate, section.Name, section.TimesSteps) is { } stepError)
            {
                throw new ConfigException(text.File, text.Line, text.Column, stepError);
            }

            gates.Add(gate);
        }

        return new ScenarioSpec
        {
            Name = section.Name,
            Description = section.Description,
            Mix = section.Mix,
            Phases = section.Phases,
            Gates = gates,
            Target = section.Target,
            TimesSteps = section.TimesSteps,
        };
    }

    /// <summary>
    /// Why a step gate cannot apply to the scenario (null when it can, or is no step gate): a YAML
    /// scenario times no steps, so the gate could only ever fail; it is refused before any load.
    /// </summary>
    public static string? StepGateError(Gate gate, string scenario, bool timesSteps)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.Scope.Kind == GateScopeKind.Step && !timesSteps
            ? $"gate '{gate.Expression}' is on step '{gate.Scope.Name}', but scenario '{scenario}' is a YAML scenario, whose requests time no named steps; "
              + $"step gates need a C# scenario (LoadTest.Library, docs/library.md) whose iterations run ctx.Step(\"{gate.Scope.Name}\", ...)"
            : null;
    }
}
