using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Mix;
using LoadTest.Planner.Requirements;
using LoadTest.Results;

namespace LoadTest.Planner;

/// <summary>
/// Builds a plan from a run's results, from an import of Bedrock's records, or from plain numbers. Current quotas come from, in order:
/// the command-line overrides, scenarios.yaml's <c>models:</c> when a config is given, the run's
/// the run summary's settings, the built-in catalog.
/// </summary>
public static class PlanBuilder
{
    /// <param name="run">The loaded results directory.</param>
    /// <param name="settings">Plan settings (the run's retry mode applies unless <paramref name="useRunRetrySettings"/> is false).</param>
    /// <param name="configModels">scenarios.yaml's models (merged with the catalog), or null when no config was given.</param>
    /// <param name="overrides">Quotas from flags (applied to every model in the plan).</param>
    /// <param name="modelFilter">Only this model ID, when set.</param>
    /// <param name="useRunRetrySettings">Take the client (SDK, retry mode, attempts, rules, fail-fast) from the run's settings.</param>
    public static PlanResult FromRun(
        RunResults run,
        PlanSettings settings,
        IReadOnlyList<ModelSpec>? configModels = null,
        QuotaOverrides? overrides = null,
        string? modelFilter = null,
        bool useRunRetrySettings = true)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        overrides ??= QuotaOverrides.None;
        if (useRunRetrySettings)
        {
            settings = settings with { Simulation = WithRunRetry(settings.Simulation, run) };
        }

        var rows = modelFilter is null ? run.Requests : run.Requests.Where(r => r.Model == modelFilter).ToList();
        if (rows.Count == 0)
        {
            throw new ConfigException(modelFilter is null
                ? $"{new ResultsDirectory(run.Directory).Requests}: no requests to plan from"
                : $"{new ResultsDirectory(run.Directory).Requests}: no requests for model '{modelFilter}'");
        }

        var specs = rows.Select(r => r.Model).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => SpecFor(id, configModels, run), StringComparer.Ordinal);
        var mixes = TokenMixAnalyzer.Analyze(rows, run.DurationSeconds, id => specs[id].Burndown, settings.Simulation.Seed);

        var inputs = new List<PlanInput>();
        foreach (var mix in mixes.Where(m => m.Workload is null))
        {
            var spec = specs[mix.Model];
            if (mix.Succeeded == 0)
            {
                throw new ConfigException($"{new ResultsDirectory(run.Directory).Requests}: model '{mix.Model}' has no successful request, so its token mix is unknown");
            }

            var (quotas, source) = CurrentQuotas(spec, configModels is not null, run, overrides);

            // A run's request with max_tokens 0 was sent without one: it reserved the rule's default.
            var unsetMax = settings.Reservation.MaxTokensFor(null, spec.MaxOutputTokens);
            var shapes = mix.Shapes.Any(s => s.MaxTokens <= 0)
                ? mix.Shapes.Select(s => s.MaxTokens > 0 ? s : s with { MaxTokens = unsetMax }).ToArray()
                : mix.Shapes;
            inputs.Add(new PlanInput
            {
                Spec = spec,
                BaselineRpm = mix.ObservedRpm,
                // The demand's averages: the shapes weight each workload by all its requests.
                InputTokens = shapes.Average(s => (double)s.InputTokens),
                OutputTokens = shapes.Average(s => (double)s.OutputTokens),
                CacheWriteTokens = shapes.Average(s => (double)s.CacheWriteTokens),
                CacheReadTokens = mix.CacheReadTokens.Mean,
                ThinkingTokens = shapes.Average(s => (double)s.ThinkingTokens),
                MaxTokens = shapes.Average(s => (double)s.MaxTokens) is > 0 and var max ? max : null,
                CurrentQuotas = quotas,
                QuotaSource = source,
                SourceRegions = run.SourceRegion is { } region ? [region] : [],
                Shapes = shapes,
                Mix = mix,
                Workloads = mixes.Where(w => w.Model == mix.Model && w.Workload is not null).ToArray(),
                Measured = new MeasuredLoad(mix.Sent / (run.DurationSeconds / 60.0), run.DurationSeconds, mix.MeasuredThrottleRate) { Arrivals = mix.Arrivals, Phases = run.Phases },
            });
        }

        return CapacityPlanner.Plan(inputs, settings, run.Directory, run.Scenario) with { PartialRun = run.Partial };
    }

    /// <summary>
    /// A plan from an import of Bedrock's records (`loadtest import`). Per model: the baseline RPM is
    /// the minute with the most requests and the baseline TPM the minute with the most quota tokens
    /// (the RPM and TPM quotas are separate buckets, so each must hold its own busiest minute, even
    /// when they are different minutes); TPD is the busiest calendar day's quota tokens (UTC), so the
    /// day's real shape, not a flat day at the peak, sets it. All three scale by peak multiplier x
    /// growth (or --peak-rpm over the baseline RPM). The average request (for the reservation, the
    /// cost and the throttling curve) is the import's totals over the requests that had token
    /// counts, with the largest maxTokens seen as every request's max_tokens (the conservative
    /// reservation).
    /// </summary>
    /// <param name="import">The import folder, read.</param>
    /// <param name="settings">Plan settings.</param>
    /// <param name="configModels">scenarios.yaml's models, or null for the catalog.</param>
    /// <param name="overrides">Quotas from flags.</param>
    /// <param name="modelFilter">Only this model ID, when set.</param>
    /// <param name="recordedDayShape">TPD from the recorded busiest day; false: from the settings' daily shape (the user gave one).</param>
    public static PlanResult FromImport(
        ImportFolder import,
        PlanSettings settings,
        IReadOnlyList<ModelSpec>? configModels = null,
        QuotaOverrides? overrides = null,
        string? modelFilter = null,
        bool recordedDayShape = true)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(settings);
        overrides ??= QuotaOverrides.None;
        var report = import.Report;
        var models = modelFilter is null ? report.Models : report.Models.Where(m => m.ModelId == modelFilter).ToList();
        if (models.Count == 0)
        {
            throw new ConfigException(modelFilter is null
                ? $"{import.JsonPath}: no requests to plan from"
                : $"{import.JsonPath}: no requests for model '{modelFilter}'");
        }

        var inputs = new List<PlanInput>();
        foreach (var m in models)
        {
            var counted = m.Requests - m.WithoutTokenCounts;
            if (counted <= 0 || m.PeakQuotaMinute.QuotaTokens <= 0)
            {
                throw new ConfigException($"{import.JsonPath}: model '{m.ModelId}' has no request with token counts, so its quota tokens are unknown");
            }

            // The recorded quota tokens were counted with the import's burndown: the plan's
            // arithmetic uses the same one, whatever a config says.
            var spec = SpecFor(m.ModelId, configModels, null) with { Burndown = m.Burndown };
            var (quotas, source) = CurrentQuotas(spec, configModels is not null, null, overrides);
            var output = (double)m.OutputTokens / counted;
            inputs.Add(new PlanInput
            {
                Spec = spec,
                BaselineRpm = m.PeakRequestsMinute.Requests,
                InputTokens = (double)m.InputTokens / counted,
                OutputTokens = output,
                CacheWriteTokens = (double)m.CacheWriteTokens / counted,
                CacheReadTokens = (double)m.CacheReadTokens / counted,
                MaxTokens = m.MaxTokensSeen is { } max ? Math.Max(max, output) : null,
                SourceRegions = m.SourceRegions.Keys.ToList(),
                CurrentQuotas = quotas,
                QuotaSource = source,
                Recorded = new RecordedPeak(
                    m.PeakRequestsMinute.Minute,
                    m.PeakRequestsMinute.Requests,
                    m.PeakQuotaMinute.Minute,
                    m.PeakQuotaMinute.QuotaTokens,
                    m.PeakQuotaMinute.Requests,
                    m.BusiestDay.Day,
                    m.BusiestDay.QuotaTokens,
                    HoursRecorded(m.BusiestDay.Day, report.First, report.Last)),
                ShapeFromSettings = !recordedDayShape,
            });
        }

        return CapacityPlanner.Plan(inputs, settings, import.Directory) with
        {
            Import = new RecordedSpan(report.InvocationLogs.Records, report.First, report.Last),
            DailyShape = recordedDayShape ? "each model's recorded busiest day for tokens per day" : settings.DailyShape.Describe(),
        };
    }

    /// <summary>Hours of <paramref name="day"/> (UTC) from the first record's minute to the end of the last record's.</summary>
    private static double HoursRecorded(DateOnly day, DateTimeOffset? first, DateTimeOffset? last)
    {
        if (first is not { } f || last is not { } l)
        {
            return 0;
        }

        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var from = Math.Max(start.UtcTicks, f.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute);
        var to = Math.Min(start.AddDays(1).UtcTicks, ((l.UtcTicks / TimeSpan.TicksPerMinute) + 1) * TimeSpan.TicksPerMinute);
        return Math.Max(0, to - from) / (double)TimeSpan.TicksPerHour;
    }

    /// <param name="modelId">The inference profile or model ID.</param>
    /// <param name="demand">Rate and tokens per request.</param>
    /// <param name="settings">Plan settings.</param>
    /// <param name="configModels">scenarios.yaml's models (merged with the catalog), or null for the catalog.</param>
    /// <param name="overrides">Quotas from flags.</param>
    public static PlanResult FromNumbers(
        string modelId,
        DeclaredDemand demand,
        PlanSettings settings,
        IReadOnlyList<ModelSpec>? configModels = null,
        QuotaOverrides? overrides = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(settings);
        overrides ??= QuotaOverrides.None;
        Validate(demand);
        var spec = SpecFor(modelId, configModels, null);
        var (quotas, source) = CurrentQuotas(spec, configModels is not null, null, overrides);
        var input = new PlanInput
        {
            Spec = spec,
            BaselineRpm = demand.Rpm,
            InputTokens = demand.InputTokens,
            OutputTokens = demand.OutputTokens,
            CacheWriteTokens = demand.CacheWriteTokens,
            CacheReadTokens = demand.CacheReadTokens,
            MaxTokens = demand.MaxTokens,
            MaxTokensUnset = demand.MaxTokensUnset && demand.MaxTokens is null,
            CurrentQuotas = quotas,
            QuotaSource = source,
        };
        return CapacityPlanner.Plan([input], settings);
    }

    /// <summary>
    /// A plan from a scenario declared in scenarios.yaml, before any run: its workloads at
    /// <paramref name="arrivalsPerMinute"/> (default: the scenario's busiest open-model rate) split
    /// by the scenario's mix weights. A session workload's arrivals are sessions.
    /// </summary>
    /// <param name="config">The loaded scenarios.yaml (its models give quotas, burndown and prices).</param>
    /// <param name="scenarioName">The scenario; null = the config's default scenario.</param>
    /// <param name="arrivalsPerMinute">The baseline rate of arrivals over all the scenario's workloads; null = its phases' highest open-model rate.</param>
    /// <param name="settings">Plan settings.</param>
    /// <param name="overrides">Quotas from flags.</param>
    /// <param name="modelFilter">Only this model ID, when set.</param>
    public static PlanResult FromScenario(
        ScenarioConfig config,
        string? scenarioName,
        double? arrivalsPerMinute,
        PlanSettings settings,
        QuotaOverrides? overrides = null,
        string? modelFilter = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        var file = config.File ?? "scenarios.yaml";
        var name = scenarioName ?? config.DefaultScenario
            ?? throw new ConfigException($"{file}: there are no scenarios to plan from");
        var scenario = config.FindScenario(name)
            ?? throw new ConfigException($"{file}: no scenario '{name}' (scenarios: {string.Join(", ", config.Scenarios.Select(s => s.Name))})");
        var rate = arrivalsPerMinute ?? scenario.Phases.Select(p => Math.Max(p.Rpm.From, p.Rpm.To)).DefaultIfEmpty(0).Max();
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ConfigException(arrivalsPerMinute is null
                ? $"{file}: scenario '{name}' has no open-model arrival rate (its phases are closed-model, pauses or replays): give --rpm, the arrivals per minute to plan for"
                : $"--rpm must be a positive number (got {rate})");
        }

        var total = scenario.Mix.Values.Sum();
        var declared = scenario.Mix
            .Where(kv => kv.Value > 0)
            .Select(kv => new DeclaredWorkload(
                config.FindWorkload(kv.Key) ?? throw new ConfigException($"{file}: scenario '{name}' names workload '{kv.Key}', which is not declared"),
                rate * kv.Value / total))
            .ToList();
        return FromWorkloads(declared, settings, config.Models, overrides, modelFilter, file, name, [scenario.Target.Region]);
    }

    /// <summary>
    /// A plan from declared workloads: each workload's expected tokens per request and per session
    /// (<see cref="WorkloadTokens"/>), combined per model weighted by requests per minute.
    /// </summary>
    /// <param name="workloads">The workloads and their arrival rates.</param>
    /// <param name="settings">Plan settings.</param>
    /// <param name="configModels">scenarios.yaml's models (merged with the catalog), or null for the catalog.</param>
    /// <param name="overrides">Quotas from flags.</param>
    /// <param name="modelFilter">Only this model ID, when set.</param>
    /// <param name="source">Where the workloads come from, for the plan's header.</param>
    /// <param name="scenario">The scenario's name, when there is one.</param>
    /// <param name="sourceRegions">The Regions the workloads will be called from (where their alarms go); null = not known.</param>
    public static PlanResult FromWorkloads(
        IReadOnlyList<DeclaredWorkload> workloads,
        PlanSettings settings,
        IReadOnlyList<ModelSpec>? configModels = null,
        QuotaOverrides? overrides = null,
        string? modelFilter = null,
        string source = "scenarios.yaml",
        string? scenario = null,
        IReadOnlyList<string>? sourceRegions = null)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(settings);
        overrides ??= QuotaOverrides.None;
        var chosen = workloads.Where(w => modelFilter is null || w.Workload.Model == modelFilter).ToList();
        if (chosen.Count == 0)
        {
            throw new ConfigException(modelFilter is null ? $"{source}: no workloads to plan from" : $"{source}: no workload on model '{modelFilter}'");
        }

        var inputs = new List<PlanInput>();
        foreach (var byModel in chosen.GroupBy(w => w.Workload.Model, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var spec = SpecFor(byModel.Key, configModels, null);
            var (quotas, quotaSource) = CurrentQuotas(spec, configModels is not null, null, overrides);
            var parts = byModel.Select(w =>
            {
                if (!(w.ArrivalsPerMinute > 0) || double.IsInfinity(w.ArrivalsPerMinute))
                {
                    throw new ConfigException($"{source}: workload '{w.Workload.Name}' needs a positive arrival rate (got {w.ArrivalsPerMinute})");
                }

                return new WorkloadPlan
                {
                    Tokens = WorkloadTokens.Expect(w.Workload, spec, settings.Reservation, settings.Simulation.Seed),
                    BaselineArrivalsPerMinute = w.ArrivalsPerMinute,
                };
            }).ToArray();

            // Each workload weighs by its requests per minute: every turn is a request.
            var rpm = parts.Select(p => p.BaselineArrivalsPerMinute * p.Tokens.TurnsPerSession).ToArray();
            var totalRpm = rpm.Sum();
            double Average(Func<WorkloadTokens, double> of) => parts.Select((p, i) => of(p.Tokens) * rpm[i]).Sum() / totalRpm;
            inputs.Add(new PlanInput
            {
                Spec = spec,
                BaselineRpm = totalRpm,
                InputTokens = Average(t => t.PerRequest.InputTokens),
                OutputTokens = Average(t => t.PerRequest.OutputTokens),
                CacheWriteTokens = Average(t => t.PerRequest.CacheWriteTokens),
                CacheReadTokens = Average(t => t.PerRequest.CacheReadTokens),
                ThinkingTokens = Average(t => t.PerRequest.ThinkingTokens),
                QuotaTokensWithoutThinking = Average(t => t.PerRequest.QuotaTokensWithoutThinking),
                MaxTokens = Average(t => t.MaxTokens),
                CurrentQuotas = quotas,
                QuotaSource = quotaSource,
                SourceRegions = sourceRegions ?? [],
                Shapes = WeightedShapes(parts, rpm),
                Declared = parts,
            });
        }

        return CapacityPlanner.Plan(inputs, settings, source, scenario) with { FromDeclaredWorkloads = true };
    }

    /// <summary>About this many shapes, each workload's share its share of the requests (at least one each).</summary>
    private static RequestShape[] WeightedShapes(WorkloadPlan[] parts, double[] rpm)
    {
        const int Target = 20_000;
        var total = rpm.Sum();
        var shapes = new List<RequestShape>();
        for (var i = 0; i < parts.Length; i++)
        {
            var own = parts[i].Tokens.Shapes;
            var copies = Math.Max(1, (int)Math.Round(Target * rpm[i] / total));
            for (var k = 0; k < copies && own.Count > 0; k++)
            {
                shapes.Add(own[k % own.Count]);
            }
        }

        return shapes.ToArray();
    }

    private static Simulation.SimulationSettings WithRunRetry(Simulation.SimulationSettings sim, RunResults run)
        => sim with { Retry = RetryOf(run, sim.Retry) };

    /// <summary>
    /// The client the run used, field by field over <paramref name="fallback"/>: its SDK (absent =
    /// dotnet, as runs from before retry profiles were), retry mode, attempts, rules (absent =
    /// 2026), fail-fast (adaptive only) and the host's timer tick (absent = the fallback's).
    /// </summary>
    public static RetryProfileSettings RetryOf(RunResults run, RetryProfileSettings fallback)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(fallback);
        var where = $"{run.Directory}: the run's";
        var mode = run.RetryMode is { Length: > 0 } m ? RetryModeText.Parse(m, where + " retry mode") : fallback.Mode;
        return fallback with
        {
            Sdk = run.Sdk is { Length: > 0 } sdk ? SdkFamilyText.Parse(sdk, where + " sdk") : SdkFamily.Dotnet,
            Mode = mode,
            MaxAttempts = run.MaxAttempts ?? fallback.MaxAttempts,
            Behaviour = run.RetryRules is { Length: > 0 } rules ? RetryBehaviourText.Parse(rules, where + " retry rules") : RetryBehaviour.Retries2026,
            FastFail = run.FastFail && mode == RetryMode.Adaptive,
            TimerTickSeconds = run.TimerTickMs is { } tick ? tick / 1000.0 : fallback.TimerTickSeconds,
        };
    }

    private static void Validate(DeclaredDemand d)
    {
        static void NonNegative(double v, string name)
        {
            if (v < 0 || double.IsNaN(v) || double.IsInfinity(v))
            {
                throw new ConfigException($"{name} must be zero or more (got {v})");
            }
        }

        if (!(d.Rpm > 0) || double.IsInfinity(d.Rpm))
        {
            throw new ConfigException($"--rpm must be a positive number (got {d.Rpm})");
        }

        NonNegative(d.InputTokens, "--input-tokens");
        NonNegative(d.OutputTokens, "--output-tokens");
        NonNegative(d.CacheWriteTokens, "--cache-write-tokens");
        NonNegative(d.CacheReadTokens, "--cache-read-tokens");
        if (d.MaxTokens is { } m)
        {
            NonNegative(m, "--max-tokens");
            if (m < d.OutputTokens)
            {
                throw new ConfigException($"--max-tokens {m} is below --output-tokens {d.OutputTokens}: a request cannot output more than its max_tokens");
            }
        }

        if (d.InputTokens + d.OutputTokens + d.CacheWriteTokens <= 0)
        {
            throw new ConfigException("a request must use some tokens: give --input-tokens and --output-tokens");
        }
    }

    private static ModelSpec SpecFor(string id, IReadOnlyList<ModelSpec>? configModels, RunResults? run)
    {
        var spec = configModels?.FirstOrDefault(m => m.Id == id) ?? ModelCatalog.Find(id);
        if (spec is null)
        {
            spec = new ModelSpec { Id = id, DisplayName = id, Burndown = BurndownRate.For(id) };
            if (run?.ModelLimits.TryGetValue(id, out var l) == true && l.Burndown is > 0 and var b)
            {
                spec = spec with { Burndown = b };
            }
        }
        else if (configModels is null && run?.ModelLimits.TryGetValue(id, out var l) == true && l.Burndown is > 0 and var b)
        {
            // Without a config the run's own record of its burndown is the better source.
            spec = spec with { Burndown = b };
        }

        // An application inference profile is named in quotas by what it was made from.
        if (spec.Profile.Scope == ProfileScope.Application && spec.Target is { } target
            && (configModels?.FirstOrDefault(m => m.Id == target) ?? ModelCatalog.Find(target)) is { } targetSpec
            && string.IsNullOrEmpty(spec.DisplayName))
        {
            spec = spec with { DisplayName = targetSpec.DisplayName };
        }

        return spec;
    }

    private static (QuotaLimits? Limits, string? Source) CurrentQuotas(ModelSpec spec, bool fromConfig, RunResults? run, QuotaOverrides overrides)
    {
        QuotaLimits? baseLimits = null;
        string? source = null;
        if (fromConfig)
        {
            baseLimits = spec.Limits;
            source = "scenarios.yaml";
        }
        else if (run?.ModelLimits.TryGetValue(spec.Id, out var l) == true)
        {
            baseLimits = QuotaLimits.Of(l.Tpm, l.Rpm, l.Tpd);
            source = "run settings";
        }
        else if (ModelCatalog.Find(spec.Id) is { } builtIn)
        {
            baseLimits = builtIn.Limits;
            source = "catalog defaults";
        }

        if (overrides.Any)
        {
            var tpm = overrides.Tpm ?? baseLimits?.TokensPerMinute;
            var rpm = overrides.Rpm ?? baseLimits?.RequestsPerMinute;

            // A TPM given on the command line also moves the default TPD (TPM x 1440) with it.
            var tpd = overrides.Tpd ?? (overrides.Tpm is not null ? null : baseLimits?.TokensPerDay);
            return (QuotaLimits.Of(tpm, rpm, tpd), source is null ? "flags" : "flags + " + source);
        }

        if (baseLimits is { TokensPerMinute: null, RequestsPerMinute: null })
        {
            return (null, null);
        }

        return (baseLimits, source);
    }
}
