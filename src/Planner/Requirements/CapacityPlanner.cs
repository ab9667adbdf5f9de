using System.Globalization;
using LoadTest.Results;
using LoadTest.Core;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Mix;
using LoadTest.Planner.Simulation;

namespace LoadTest.Planner.Requirements;

/// <summary>
/// Turns one profile's demand into required and recommended RPM / TPM / TPD with the shared quota
/// arithmetic (<see cref="QuotaCost"/>), the reservation effect, the gap to the current quotas,
/// cost, and (when the quotas are known) the throttling curve.
/// </summary>
public static class CapacityPlanner
{
    /// <summary>Requests simulated for the measured-point prediction (at the run's own length).</summary>
    public const int MeasuredPointRequests = 200_000;

    public static PlanResult Plan(IReadOnlyList<PlanInput> inputs, PlanSettings settings, string source = "numbers", string? scenario = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return new PlanResult
        {
            Source = source,
            Scenario = scenario,
            PeakMultiplier = settings.PeakMultiplier,
            Growth = settings.Growth,
            TargetUtilization = settings.TargetUtilization,
            AverageToPeak = settings.DailyShape.Ratio,
            DailyShape = settings.DailyShape.Describe(),
            QuotaRegion = settings.QuotaRegion,
            ReserveMaxTokens = settings.Reservation.ReserveMaxTokens,
            BurndownOnMaxTokens = settings.Reservation.BurndownOnMaxTokens,
            ReservationRelease = settings.Reservation.Release == ReservationRelease.Progressive ? "progressive" : "atCompletion",
            ReservationRule = settings.Reservation.Describe(),
            Sdk = SdkFamilyText.ToText(settings.Simulation.Retry.Sdk),
            RetryMode = RetryModeText.ToText(settings.Simulation.Retry.Mode),
            RetryRules = RetryBehaviourText.ToText(settings.Simulation.Retry.Behaviour),
            FastFail = settings.Simulation.Retry.FastFail,
            MaxAttempts = settings.Simulation.EffectiveMaxAttempts,
            RetryDescription = RetryProfiles.Create(settings.Simulation.Retry, now: 0, static () => 0.5).Description,
            RequestsPerCurvePoint = settings.Simulation.RequestsPerPoint,
            EpisodeMinutes = settings.Simulation.EpisodeSeconds / 60.0,
            Models = inputs.Select(i => PlanModel(i, settings)).ToArray(),
        };
    }

    public static ModelPlan PlanModel(PlanInput input, PlanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        if (!(input.BaselineRpm > 0) || double.IsInfinity(input.BaselineRpm))
        {
            throw new ConfigException($"{input.Spec.Id}: the request rate must be a positive number (got {input.BaselineRpm})");
        }

        var spec = input.Spec;
        var burndown = spec.Burndown;
        var perRequest = PerRequestOf(input, burndown, settings.Reservation);

        var peakRpm = settings.PeakRpm ?? input.BaselineRpm * settings.PeakMultiplier * settings.Growth;

        // A recorded peak is measured in quota tokens, per minute and per day: it scales as the
        // rate does, and TPD is the busiest recorded day's, not a day shaped by a ratio.
        var recorded = input.Recorded;
        var scale = settings.PeakRpm is { } absolute ? absolute / input.BaselineRpm : settings.PeakMultiplier * settings.Growth;
        var recordedDay = recorded is not null && !input.ShapeFromSettings;
        var ratio = recordedDay ? recorded!.AverageToPeak : settings.DailyShape.Ratio;
        var requiredTpm = CeilTokens(recorded is not null ? recorded.QuotaTokens * scale : peakRpm * perRequest.QuotaTokens);
        var required = new QuotaValues(
            CeilTokens(peakRpm),
            requiredTpm,
            recordedDay ? CeilTokens(recorded!.BusiestDayQuotaTokens * scale) : CeilTokens(requiredTpm * 1440.0 * ratio));
        var u = settings.TargetUtilization;
        var recommendedTpm = QuotaRounding.NiceCeiling(required.Tpm / u);
        var recommended = new QuotaValues(
            QuotaRounding.NiceCeiling(required.Rpm / u),
            recommendedTpm,
            // Tokens per day follow the recommended TPM (Bedrock's default TPD is TPM x 1440),
            // so a plan's TPD is never a second, differently rounded number.
            CeilTokens(recommendedTpm * 1440.0 * ratio));

        var inFlight = peakRpm / 60.0 * perRequest.ServiceSeconds;
        var reservation = new ReservationEffect
        {
            ReservedTokensPerRequest = perRequest.ReservedTokens,
            ReservedTpm = CeilTokens(peakRpm * perRequest.ReservedTokens),
            ReservedToConsumed = perRequest.QuotaTokens == 0 ? 1 : (double)perRequest.ReservedTokens / perRequest.QuotaTokens,
            InFlightAtPeak = inFlight,
            HeldTokens = CeilTokens(inFlight * Math.Max(0, perRequest.ReservedTokens - perRequest.QuotaTokens)),
            InFlightCapacity = input.CurrentQuotas?.TokensPerMinute is > 0 and var tpm && perRequest.ReservedTokens > 0
                ? tpm / perRequest.ReservedTokens
                : null,
        };

        QuotaLimitsView? current = null, gap = null;
        var needsIncrease = false;
        if (input.CurrentQuotas is { } q && (q.TokensPerMinute is not null || q.RequestsPerMinute is not null))
        {
            current = new QuotaLimitsView(q.RequestsPerMinute, q.TokensPerMinute, q.TokensPerDay);
            gap = new QuotaLimitsView(
                recommended.Rpm - q.RequestsPerMinute,
                recommended.Tpm - q.TokensPerMinute,
                recommended.Tpd - q.TokensPerDay);
            needsIncrease = gap.Rpm > 0 || gap.Tpm > 0 || gap.Tpd > 0;
        }

        ThinkingEffect? thinking = null;
        if (perRequest.ThinkingTokens > 0 && recorded is null)
        {
            var without = CeilTokens(peakRpm * perRequest.QuotaTokensWithoutThinking);
            thinking = new ThinkingEffect
            {
                ThinkingTokensPerRequest = perRequest.ThinkingTokens,
                QuotaTokensPerRequest = perRequest.QuotaTokens - perRequest.QuotaTokensWithoutThinking,
                CarriedInputTokensPerRequest = Math.Max(0, perRequest.QuotaTokens - perRequest.QuotaTokensWithoutThinking - (long)Math.Round(perRequest.ThinkingTokens * burndown)),
                TpmWithoutThinking = without,
                ExtraTpm = requiredTpm - without,
                ShareOfTpm = requiredTpm == 0 ? 0 : (double)(requiredTpm - without) / requiredTpm,
            };
        }

        var peakScale = peakRpm / input.BaselineRpm;
        var declared = input.Declared.Select(w =>
        {
            var peakArrivals = w.BaselineArrivalsPerMinute * peakScale;
            return w with
            {
                PeakArrivalsPerMinute = peakArrivals,
                PeakRpm = peakArrivals * w.Tokens.TurnsPerSession,
                PeakTpm = CeilTokens(peakArrivals * (w.Tokens.PerSession ?? w.Tokens.PerRequest).QuotaTokens),
            };
        }).ToArray();

        ThrottlingCurve? curve = null;
        if (current is not null && !settings.SkipCurves)
        {
            curve = BuildCurve(input, perRequest, settings);
        }

        return new ModelPlan
        {
            Id = spec.Id,
            DisplayName = spec.DisplayName,
            Scope = ScopeName(spec.Profile.Scope),
            Burndown = burndown,
            PerRequest = perRequest,
            SourceRegions = input.SourceRegions,
            BaselineRpm = input.BaselineRpm,
            PeakRpm = peakRpm,
            Required = required,
            Recommended = recommended,
            Reservation = reservation,
            Current = current,
            QuotaSource = input.QuotaSource,
            Gap = gap,
            NeedsIncrease = needsIncrease,
            Cost = CostOf(spec, perRequest, peakRpm, ratio, settings.Prices),
            MaxMultiplierUnder1PctThrottle = curve?.MaxMultiplierUnder1PctThrottle,
            Curve = curve,
            Mix = input.Mix,
            Workloads = input.Workloads,
            Thinking = thinking,
            Declared = declared,
            Measured = MeasuredAtPeak(input.Workloads, peakScale),
            AverageToPeak = ratio,
            DailyShape = recordedDay
                ? string.Create(CultureInfo.InvariantCulture, $"recorded: busiest day {recorded!.BusiestDay:yyyy-MM-dd} / (peak minute x 1,440) = {ratio:0.######}")
                : settings.DailyShape.Describe(),
            Recorded = recorded,
            TpdFromRecordedDay = recordedDay,
        };
    }

    /// <summary>
    /// A run's workloads scaled to the peak, when any of them thinks or runs sessions (empty
    /// otherwise: a plain run's table of the token mix says it all).
    /// </summary>
    private static MeasuredWorkload[] MeasuredAtPeak(IReadOnlyList<TokenMix> workloads, double peakScale)
    {
        if (!workloads.Any(w => w.Sessions is not null || w.ThinkingTokens.Mean > 0))
        {
            return [];
        }

        return workloads.Select(w =>
        {
            var arrivals = w.Sessions?.SessionsPerMinute ?? w.ObservedRpm;
            return new MeasuredWorkload
            {
                Workload = w.Workload ?? "",
                Sessions = w.Sessions,
                ArrivalsPerMinute = arrivals,
                PeakArrivalsPerMinute = arrivals * peakScale,
                PeakRpm = w.ObservedRpm * peakScale,
                QuotaTokensPerRequest = w.QuotaTokens.Mean,
                ThinkingTokensPerRequest = w.ThinkingTokens.Mean,
                PeakTpm = CeilTokens(arrivals * peakScale * (w.Sessions?.QuotaTokensPerSession ?? w.QuotaTokens.Mean)),
            };
        }).ToArray();
    }

    /// <summary>Seconds a request of this size holds its reservation at the model's configured speed.</summary>
    public static double ServiceSecondsAtModelSpeed(ModelSpec spec, double inputTokens, double outputTokens)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Ttft.TotalSeconds
               + (spec.PrefillPer1kTokens.TotalSeconds * inputTokens / 1000.0)
               + (outputTokens / Math.Max(spec.OutputTokensPerSecond, 1e-9));
    }

    public static string ScopeName(ProfileScope scope) => scope switch
    {
        ProfileScope.Global => "global",
        ProfileScope.Geographic => "geographic",
        ProfileScope.Application => "application",
        _ => "source-region",
    };

    private static PerRequest PerRequestOf(PlanInput input, double burndown, ReservationPolicy policy)
    {
        // Averages are rounded up to whole tokens so the quota request's arithmetic reads exactly.
        var inTokens = Whole(input.InputTokens);
        var outTokens = Whole(input.OutputTokens);
        var answerTokens = Whole(input.OutputTokens - input.ThinkingTokens);
        var cacheWrite = Whole(input.CacheWriteTokens);
        long? maxTokens = input.MaxTokens is { } m and > 0 ? Whole(m)
            : input.MaxTokensUnset ? policy.MaxTokensFor(null, input.Spec.MaxOutputTokens)
            : null;
        var service = input.Mix is { ServiceSeconds.Count: > 0 } mix
            ? mix.ServiceSeconds.Mean
            : ServiceSecondsAtModelSpeed(input.Spec, inTokens, outTokens);
        return new PerRequest
        {
            InputTokens = inTokens,
            OutputTokens = outTokens,
            CacheWriteTokens = cacheWrite,
            CacheReadTokens = Whole(input.CacheReadTokens),
            ThinkingTokens = outTokens - answerTokens,
            MaxTokens = maxTokens,
            QuotaTokens = QuotaCost.Consumed(inTokens, cacheWrite, outTokens, burndown),
            QuotaTokensWithoutThinking = input.QuotaTokensWithoutThinking is { } without ? Whole(without) : QuotaCost.Consumed(inTokens, cacheWrite, answerTokens, burndown),
            ReservedTokens = QuotaCost.Reserved(inTokens, cacheWrite, maxTokens ?? outTokens, burndown, policy),
            ServiceSeconds = service,
        };
    }

    private static ThrottlingCurve BuildCurve(PlanInput input, PerRequest perRequest, PlanSettings settings)
    {
        var sim = settings.Simulation with { Reservation = settings.Reservation };
        var shapes = input.Shapes.Count > 0
            ? input.Shapes
            : [new RequestShape(perRequest.InputTokens, perRequest.CacheWriteTokens, perRequest.OutputTokens, perRequest.MaxTokens ?? 0, null)];
        var simulator = new ThrottleSimulator(input.CurrentQuotas!, input.Spec.Burndown, shapes, perRequest.ServiceSeconds, sim);
        var points = simulator.Curve(input.BaselineRpm);

        MeasuredComparison? measured = null;
        if (input.Measured is { } m && m.OfferedRpm > 0 && m.DurationSeconds > 0)
        {
            // The prediction replays the run's own arrivals when they are known, so a ramp or a
            // spike is judged as it happened; the steady rate at the run's average is kept beside
            // it, because the curve's points are steady rates.
            var multiplier = m.OfferedRpm / input.BaselineRpm;
            var atAverage = simulator.Simulate(m.OfferedRpm, multiplier, m.DurationSeconds, Math.Min(sim.RequestsPerPoint, MeasuredPointRequests));
            var replayed = m.Arrivals.Count > 0 ? simulator.Replay(m.Arrivals, multiplier, Math.Max(m.DurationSeconds, m.Arrivals[^1].Seconds)) : null;
            var predicted = replayed?.Point ?? atAverage;
            measured = new MeasuredComparison(m.OfferedRpm, multiplier, m.DurationSeconds, m.ThrottleRate, predicted.ThrottleRate)
            {
                PredictedClientRefusalRate = predicted.ClientRefusalRate,
                ClientTimerTickMs = sim.Retry is { Sdk: SdkFamily.Dotnet, Mode: RetryMode.Adaptive } retry ? retry.TimerTickSeconds * 1000 : null,
                PredictedAtAverageRate = atAverage.ThrottleRate,
                ReplayedArrivals = replayed is not null,
                Phases = replayed is null ? [] : ByPhase(m.Arrivals, replayed.Throttled, m.Phases),
            };
        }

        return new ThrottlingCurve
        {
            Model = input.Spec.Id,
            BaselineRpm = input.BaselineRpm,
            Points = points,
            MaxMultiplierUnder1PctThrottle = ThrottlingCurve.LargestMultiplierUnder(points, 0.01),
            Measured = measured,
        };
    }

    /// <summary>Measured vs replayed throttle rate for each phase that sent this profile requests.</summary>
    private static PhaseComparison[] ByPhase(IReadOnlyList<ReplayArrival> arrivals, IReadOnlyList<bool> replayedThrottled, IReadOnlyList<PhaseWindow> phases)
    {
        if (phases.Count < 2)
        {
            return [];
        }

        return phases
            .Select(p =>
            {
                var indices = Enumerable.Range(0, arrivals.Count).Where(i => arrivals[i].Phase == p.Index).ToList();
                return (Phase: p, Indices: indices);
            })
            .Where(x => x.Indices.Count > 0)
            .Select(x => new PhaseComparison(
                x.Phase.Index,
                x.Phase.Label,
                x.Indices.Count,
                x.Indices.Count / ((x.Phase.EndSeconds - x.Phase.StartSeconds) / 60.0),
                x.Indices.Count(i => arrivals[i].Throttled) / (double)x.Indices.Count,
                x.Indices.Count(i => replayedThrottled[i]) / (double)x.Indices.Count))
            .ToArray();
    }

    private static CostEstimate CostOf(ModelSpec spec, PerRequest r, double peakRpm, double averageToPeak, PriceSettings prices)
    {
        // Both columns start from the global rate, whatever scope the workload's ID names.
        var perRequest = prices.GlobalPriceOf(spec).Usd(r.InputTokens, r.CacheWriteTokens, r.CacheReadTokens, r.OutputTokens);
        var hour = perRequest * (decimal)peakRpm * 60m;
        var day = hour * 24m * (decimal)averageToPeak;
        var global = new CostPeriods(Round(hour), Round(day), Round(day * prices.DaysPerMonth));
        var geo = new CostPeriods(
            Round(hour * prices.GeographicMultiplier),
            Round(day * prices.GeographicMultiplier),
            Round(day * prices.DaysPerMonth * prices.GeographicMultiplier));
        return new CostEstimate
        {
            PerRequestUsd = Math.Round(perRequest, 6),
            Global = global,
            Geographic = geo,
            Basis = $"hour at the peak ({peakRpm:0.##} RPM); day = hour x 24 x average/peak {averageToPeak:0.###}; month = {prices.DaysPerMonth} days; "
                    + $"cache write {prices.CacheWriteMultiplier}x and cache read {prices.CacheReadMultiplier}x the input price; geographic = global x {prices.GeographicMultiplier}",
        };
    }

    private static decimal Round(decimal usd) => Math.Round(usd, 2);

    // Up, not to nearest: with burndown 5 a rounded-down output average would under-state the need.
    private static long Whole(double tokens) => (long)Math.Ceiling(Math.Max(0, tokens) - 1e-6);

    private static long CeilTokens(double value) => (long)Math.Ceiling(value - 1e-6);
}
