using LoadTest.Core.Models;
using LoadTest.Config;
using LoadTest.Scenarios.Finishing;
using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Measurement;
using LoadTest.Scenarios.Measurement.Harness;
using LoadTest.Scenarios.Output;
using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Puts a run's measurements together with what the engine knows (names, settings, phases, times)
/// into its result: partial snapshots on disk while it goes, and the finished result at its end.
/// </summary>
internal sealed class ResultAssembler
{
    private readonly LoadRun _run;
    private readonly RunRecorder _recorder;
    private readonly PhaseTimeline _timeline;
    private readonly HarnessLagMonitor _harness;
    private readonly ResultsDirectory _output;
    private readonly DateTimeOffset _startedAt;

    /// <summary>The models the scenario's mix sends to, as configured (or bare when not configured).</summary>
    private readonly List<ModelSpec> _modelsInMix;

    public ResultAssembler(LoadRun run, IEnumerable<string> mixModels, RunRecorder recorder, PhaseTimeline timeline, HarnessLagMonitor harness, ResultsDirectory output, DateTimeOffset startedAt)
    {
        _run = run;
        _recorder = recorder;
        _timeline = timeline;
        _harness = harness;
        _output = output;
        _startedAt = startedAt;
        _modelsInMix = mixModels.Distinct(StringComparer.Ordinal).Select(n => run.Models.LastOrDefault(m => m.Id == n) ?? new ModelSpec { Id = n }).ToList();
    }

    /// <summary>Sum of the TPM quotas of the models in the mix (null when any is unknown).</summary>
    public double? QuotaLimit
        => _modelsInMix.All(m => m.Tpm is not null) ? _modelsInMix.Sum(m => (double)m.Tpm!.Value) : null;

    /// <summary>The measured summary at <paramref name="nowMs"/>, not yet judged against gates.</summary>
    public RunSummary Summary(RunStop stop, double nowMs, double loadEndMs) => _recorder.BuildSummary(new SummaryContext
    {
        Scenario = _run.Scenario.Name,
        Stop = stop,
        StartedAt = _startedAt,
        DurationSeconds = nowMs / 1000,
        LoadSeconds = loadEndMs / 1000,
        Settings = Settings(),
        Phases = _timeline.Windows(loadEndMs),
        QuotaTpmLimit = QuotaLimit,
        Harness = _harness.Summary(),
    });

    /// <summary>
    /// Writes the per-second file and the summary file (stopKind running) as they stand, each whole
    /// (written aside, then renamed), so a killed run leaves its numbers and a reader never sees half
    /// a file. The snapshot carries the gates judged on the figures so far, so a reader knows which
    /// gates the run had; it cannot have passed (it is not complete).
    /// </summary>
    public void WriteSnapshot(double nowMs, double loadEndMs)
    {
        var summary = RunVerdict.Judge(Summary(RunStop.Running, nowMs, loadEndMs), _run.Scenario.Gates, _run.Baseline);
        TimeseriesCsv.Write(_output.Timeseries, _recorder.Timeseries(_timeline.PhaseOfSecond, finalizeAll: false, loadEndMs / 1000));
        SummaryJson.Write(_output.Summary, summary);
    }

    /// <summary>Writes the final per-second file and hands the summary to <paramref name="finisher"/>, which judges it and writes the rest.</summary>
    public LoadResult Finish(ResultFinisher finisher, RunStop stop, double nowMs, double loadEndMs)
    {
        var measured = Summary(stop, nowMs, loadEndMs);
        var rows = _recorder.Timeseries(_timeline.PhaseOfSecond, finalizeAll: true, loadEndMs / 1000);
        TimeseriesCsv.Write(_output.Timeseries, rows);
        var summary = finisher.Finish(_output, measured, rows, _run.Scenario.Gates, _run.Baseline);
        return new LoadResult(summary, rows);
    }

    private RunSettings Settings()
    {
        var t = _run.Scenario.Target;
        return new RunSettings
        {
            ConfigFile = _run.ConfigFile,
            Target = t.Kind == TargetKind.Bedrock ? "bedrock" : "emulator",
            Endpoint = t.Endpoint?.ToString(),
            Region = t.Region,
            RetryMode = t.Retry.Mode.ToString().ToLowerInvariant(),
            FastFail = t.Retry.FastFail,
            MaxAttempts = t.Retry.MaxAttempts,
            Sdk = LoadTest.Core.Retry.SdkFamilyText.ToText(t.Retry.Sdk),
            RetryRules = LoadTest.Core.Retry.RetryBehaviourText.ToText(t.Retry.Sdk == LoadTest.Core.Retry.SdkFamily.Dotnet ? LoadTest.Bedrock.Client.BedrockRuntimeClient.DotnetRetryRules : t.Retry.Rules),
            Seed = _run.Seed,
            ProfileScope = _run.ProfileScope is { } scope ? ScopedModelId.ToText(scope) : null,
            Prices = _modelsInMix.ToDictionary(m => m.Id, PriceSettings.Default.PriceOf, StringComparer.Ordinal),
            DurationScale = _run.DurationScale,
            MaxInFlight = t.MaxInFlight,
            Models = _modelsInMix.ToDictionary(m => m.Id, m => new ModelLimits(m.Tpm, m.Rpm, m.Limits.TokensPerDay, m.Burndown), StringComparer.Ordinal),
            Mix = new Dictionary<string, double>(_run.Scenario.Mix, StringComparer.Ordinal),
        };
    }
}
