using LoadTest.Scenarios.Config;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Results;
using LoadTest.Scenarios.Load;
using LoadTest.Core.Quotas;

namespace LoadTest.Scenarios.Engine;

/// <summary>Everything one run needs, validated config in hand: scenario, workloads, models and knobs.</summary>
public sealed record LoadRun
{
    public required ScenarioSpec Scenario { get; init; }

    public required IReadOnlyList<WorkloadSpec> Workloads { get; init; }

    /// <summary>The catalog merged with <c>models:</c>, with the entries a <see cref="ProfileScope"/> rewrite adds; what the in-process emulator serves.</summary>
    public required IReadOnlyList<ModelSpec> Models { get; init; }

    /// <summary>The scope every workload's model ID was rewritten to (--profile-scope); null = as configured.</summary>
    public ProfileScope? ProfileScope { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Multiplies every phase's duration, rates kept (0.1 = ten times shorter).</summary>
    public double DurationScale { get; init; } = 1;

    /// <summary>After the last phase, how long in-flight requests may take to finish before they are cancelled.</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After a cancellation (Ctrl-C), how long in-flight requests may take to finish.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the summary and per-second files are rewritten while the run goes: a run killed
    /// with kill -9 loses at most this much of them (the per-request file is flushed twice as often).
    /// </summary>
    public TimeSpan FlushEvery { get; init; } = TimeSpan.FromSeconds(1);

    public string ConfigFile { get; init; } = "";

    /// <summary>The arrival traces of the scenario's replay phases, by the phase's file (full path), read when the run was made.</summary>
    public IReadOnlyDictionary<string, ReplayTrace> Traces { get; init; } = new Dictionary<string, ReplayTrace>(StringComparer.Ordinal);

    /// <summary>A baseline run's summary, for gates relative to <c>baseline</c> (the abortOnFail ones are checked live).</summary>
    public RunSummary? Baseline { get; init; }

    /// <summary>
    /// The target's reservation rule, for the per-workload reserved-tokens figure: the emulator's
    /// configured rule against the emulator, AWS's description against Bedrock.
    /// </summary>
    public ReservationPolicy Reservation { get; init; } = ReservationPolicy.Default;

    /// <summary>
    /// Hard bound on one logical request (every attempt and backoff); default the per-attempt timeout
    /// times the attempts plus 10 s. Past it the request is cancelled and counted as a timeout.
    /// </summary>
    public TimeSpan RequestDeadline => Scenario.Target.Timeout * Scenario.Target.Retry.MaxAttempts + TimeSpan.FromSeconds(10);

    /// <summary>The phases as they will run (duration scale applied).</summary>
    public IReadOnlyList<LoadPhase> Phases => DurationScale == 1 ? Scenario.Phases : Scenario.Phases.Select(p => p.Scaled(DurationScale)).ToList();
}
