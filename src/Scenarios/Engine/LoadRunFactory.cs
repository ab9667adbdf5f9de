using LoadTest.Scenarios.Config;
using LoadTest.Core;
using LoadTest.Core.Retry;
using LoadTest.Config;
using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Load;
using LoadTest.Core.Quotas;

namespace LoadTest.Scenarios.Engine;

/// <summary>Turns a validated scenarios.yaml and the command line's overrides into one <see cref="LoadRun"/>.</summary>
public static class LoadRunFactory
{
    public static LoadRun Create(ScenarioConfig config, RunOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        var file = config.File ?? "scenarios.yaml";
        if (config.DefaultScenario is null)
        {
            throw new ConfigException($"{file}: no scenarios to run; add 'workloads:' and 'scenarios:' (docs/scenarios.md)");
        }

        // Every scenario's gates are parsed, not just this one's: a broken file never starts a run.
        var scenarios = config.Scenarios.Select(s => ScenarioSpec.From(s, config.Workloads)).ToList();
        var name = overrides.Scenario ?? config.DefaultScenario;
        var scenario = scenarios.FirstOrDefault(s => s.Name == name)
            ?? throw new ConfigException($"{file}: no scenario named '{name}'{NearestName.Hint(name, scenarios.Select(s => s.Name))} (scenarios are: {string.Join(", ", scenarios.Select(s => s.Name))})");
        // At most 100: a year-long scenario (the config's limit) then still fits a TimeSpan, summed.
        if (!(overrides.DurationScale > 0) || !(overrides.DurationScale <= 100))
        {
            throw new ConfigException($"--duration-scale should be a number above 0 and at most 100 (0.1 = ten times shorter), got {overrides.DurationScale.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        var target = scenario.Target;
        if (overrides.Target is { } kind && kind != target.Kind)
        {
            // Switching the kind on the command line also drops the file's endpoint, which belonged to the other kind.
            target = target with { Kind = kind, Endpoint = null };
        }

        if (overrides.MaxAttempts is < 1 or > 20)
        {
            throw new ConfigException($"--max-attempts should be between 1 and 20, got {overrides.MaxAttempts}");
        }

        var mode = overrides.RetryMode ?? target.Retry.Mode;
        // Switching from no retries to retries without --max-attempts gives the SDK's default of 3.
        var attempts = overrides.MaxAttempts ?? (target.Retry.Mode == RetryMode.None ? 3 : target.Retry.MaxAttempts);
        var retry = new RetrySettings(mode, attempts, target.Retry.FastFail, overrides.Sdk ?? target.Retry.Sdk, target.Retry.Rules);
        try
        {
            retry.Validate();
        }
        catch (ConfigException e) when (overrides.Sdk is { } sdk)
        {
            throw new ConfigException($"--sdk {SdkFamilyText.ToText(sdk)} with the scenario's target.retry: {e.Message}", e);
        }

        target = target with
        {
            Endpoint = overrides.Endpoint ?? target.Endpoint,
            Region = overrides.Region ?? target.Region,
            Retry = retry,
        };

        // The rewrite needs the run's source Region, known only now; everything below reads the
        // rewritten workloads and models, and a gate on one model follows it to its new ID.
        var scenarioGates = scenario.Gates;
        var overrideGates = overrides.Gates;
        if (overrides.ProfileScope is { } scope)
        {
            config = config.InProfileScope(scope, target.Region);
            scenarioGates = [.. scenarioGates.Select(g => InProfileScope(g, scope, target.Region))];
            overrideGates = [.. overrideGates.Select(g => InProfileScope(g, scope, target.Region))];
        }

        var sent = scenario.Mix.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToList();
        var models = config.Workloads.Where(w => sent.Contains(w.Name)).Select(w => w.Model).Distinct(StringComparer.Ordinal).ToList();
        foreach (var gate in overrideGates)
        {
            if (gate.Scope.NotSent(sent, models) is { } known)
            {
                throw new ConfigException($"--gate '{gate.Expression}' names {gate.Scope.Kind.ToString().ToLowerInvariant()} '{gate.Scope.Name}', which scenario '{scenario.Name}' does not send; it sends: {string.Join(", ", known)}");
            }

            if (ScenarioSpec.StepGateError(gate, scenario.Name, scenario.TimesSteps) is { } stepError)
            {
                throw new ConfigException("--" + stepError);
            }
        }

        var gates = scenarioGates.Concat(overrideGates).ToList();
        if (overrides.Baseline is null && gates.FirstOrDefault(g => g.NeedsBaseline) is { } needs)
        {
            // Found now, not after a run that could only fail this gate.
            throw new ConfigException($"gate '{needs.Expression}' compares with a baseline run; add --baseline DIR");
        }

        // Replay phases read their traces now (a row naming an unknown workload stops the run here)
        // and take the trace's length at their speed as their duration.
        var traces = new Dictionary<string, ReplayTrace>(StringComparer.Ordinal);
        var phases = scenario.Phases.Select(phase =>
        {
            if (phase is not ReplayPhase replay)
            {
                return phase;
            }

            if (!traces.TryGetValue(replay.File, out var trace))
            {
                trace = ReplayTrace.Load(replay.File, config.Workloads);
                if (trace.Count == 0)
                {
                    throw new ConfigException($"{replay.File}: the arrival trace has no rows; scenario '{scenario.Name}' replays it");
                }

                traces[replay.File] = trace;
            }

            return replay with { Duration = TimeSpan.FromTicks((long)Math.Round(trace.Length.Ticks / replay.Speed)) };
        }).ToList();

        return new LoadRun
        {
            Scenario = scenario with { Target = target, Gates = gates, Phases = phases },
            Traces = traces,
            Workloads = config.Workloads,
            Models = config.Models,
            ProfileScope = overrides.ProfileScope,
            Seed = overrides.Seed,
            DurationScale = overrides.DurationScale,
            ConfigFile = config.File ?? "",
            Baseline = overrides.Baseline,
            Reservation = target.Kind == TargetKind.Emulator ? config.Emulator.Reservation ?? ReservationPolicy.Default : ReservationPolicy.Default,
        };
    }

    /// <summary>
    /// A gate on one model, on that model under <paramref name="scope"/> (the ID the workloads now
    /// send); its expression names the new ID too, so reports and JUnit say what was gated.
    /// </summary>
    private static Gate InProfileScope(Gate gate, Core.Models.ProfileScope scope, string sourceRegion)
    {
        if (gate.Scope.Kind != GateScopeKind.Model)
        {
            return gate;
        }

        var rewritten = gate.Scope with { Name = Core.Models.ScopedModelId.For(gate.Scope.Name, scope, sourceRegion) };
        return rewritten == gate.Scope ? gate : gate with
        {
            Scope = rewritten,
            Expression = gate.Expression.Replace(gate.Scope.Name, rewritten.Name, StringComparison.Ordinal),
        };
    }
}
