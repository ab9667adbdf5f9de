using System.Text;
using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Output;

/// <summary>The plan as a plain-text table for the terminal.</summary>
public static class PlanText
{
    public static string Render(PlanResult plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var s = new StringBuilder();
        var from = plan.Import is { } import ? $"import {plan.Source} ({Fmt.Recorded(import)})" : plan.Source;
        s.AppendLine($"Capacity plan from {from}{(plan.Scenario is { Length: > 0 } sc ? $" (scenario {sc})" : "")}: peak x{Fmt.G(plan.PeakMultiplier)}, growth x{Fmt.G(plan.Growth)}, target utilization {Fmt.Pct(plan.TargetUtilization, 0)}, {plan.DailyShape}");
        if (plan.PartialRun is { } partial)
        {
            s.AppendLine($"PARTIAL RUN: {partial}");
        }

        foreach (var m in plan.Models)
        {
            var p = m.PerRequest;
            s.AppendLine();
            s.AppendLine($"{m.Id}  ({(string.IsNullOrEmpty(m.DisplayName) ? "?" : m.DisplayName)}, {m.Scope}, burndown {Fmt.G(m.Burndown)})");
            s.AppendLine($"  per request   {Fmt.N(p.InputTokens)} in + {Fmt.N(p.CacheWriteTokens)} cache write + {Fmt.N(p.OutputTokens)} out x {Fmt.G(m.Burndown)} = {Fmt.N(p.QuotaTokens)} quota tokens; reserved at admission {Fmt.N(p.ReservedTokens)}");
            s.AppendLine($"  rate          baseline {Fmt.N(m.BaselineRpm, 2)} RPM -> peak {Fmt.N(m.PeakRpm, 2)} RPM");
            if (m.Thinking is { } thinking)
            {
                s.AppendLine($"  thinking      {ThinkingLine(m, thinking)}");
            }

            WorkloadTable(s, m.Declared.Select(w => new WorkloadRow(
                w.Tokens.Name,
                w.PeakArrivalsPerMinute,
                w.Tokens.TurnsPerSession,
                w.PeakRpm,
                w.Tokens.PerRequest.QuotaTokens,
                w.Tokens.PerSession is { } ps ? Fmt.N(ps.QuotaTokens) + (w.Tokens.CachePoints ? " (cached)" : " (no cache)") : "-",
                w.Tokens.PerRequest.ThinkingTokens,
                w.PeakTpm)).ToList());
            if (m.Recorded is { } rec)
            {
                s.AppendLine($"  recorded      peak minute {Fmt.Minute(rec.QuotaMinute)}: {Fmt.N(rec.QuotaTokens)} quota tokens ({Fmt.N(rec.QuotaMinuteRequests)} req); most requests {Fmt.Minute(rec.RequestsMinute)}: {Fmt.N(rec.Requests)} req");
                s.AppendLine($"  recorded day  busiest {Fmt.Day(rec.BusiestDay)}: {Fmt.N(rec.BusiestDayQuotaTokens)} quota tokens, average/peak {Fmt.Ratio(m.AverageToPeak)}{(m.TpdFromRecordedDay ? "" : " (TPD from the given daily shape instead)")}");
                if (Fmt.PartDayNote(rec) is { } partDay)
                {
                    s.AppendLine($"  note          {partDay}");
                }
            }

            if (m.Workloads.Count > 0)
            {
                // The name column fits the longest workload name (imported names run long).
                var width = Math.Max(20, m.Workloads.Max(w => (w.Workload ?? "").Length) + 2);
                s.AppendLine($"  token mix     {"workload".PadRight(width)}{"requests",10}{"rpm",10}{"in",8}{"out",8}{"cw",8}{"quota/req (95 % CI)",26}{"p99 quota",11}{"throttled",11}");
                foreach (var w in m.Mix is { } all ? m.Workloads.Prepend(all) : m.Workloads)
                {
                    var ci = $"{Fmt.N(w.QuotaTokens.Mean)} ({Fmt.N(w.QuotaTokens.MeanCiLow)}-{Fmt.N(w.QuotaTokens.MeanCiHigh)})";
                    s.AppendLine($"                {(w.Workload ?? "(all)").PadRight(width)}{Fmt.N(w.Requests),10}{Fmt.N(w.ObservedRpm, 1),10}{Fmt.N(w.InputTokens.Mean),8}{Fmt.N(w.OutputTokens.Mean),8}{Fmt.N(w.CacheWriteTokens.Mean),8}{ci,26}{Fmt.N(w.QuotaTokens.P99),11}{Fmt.Pct(w.MeasuredThrottleRate, 1),11}");
                }
            }

            WorkloadTable(s, m.Measured.Select(w => new WorkloadRow(
                w.Workload,
                w.PeakArrivalsPerMinute,
                w.Sessions?.TurnsPerSession ?? 1,
                w.PeakRpm,
                w.QuotaTokensPerRequest,
                w.Sessions is { } sessions ? Fmt.N(sessions.QuotaTokensPerSession) : "-",
                w.ThinkingTokensPerRequest,
                w.PeakTpm)).ToList());

            s.AppendLine();
            s.AppendLine($"  {"",-6}{"required",16}{"recommended",16}{"current",16}{"gap",16}");
            Row(s, "RPM", m.Required.Rpm, m.Recommended.Rpm, m.Current?.Rpm, m.Gap?.Rpm);
            Row(s, "TPM", m.Required.Tpm, m.Recommended.Tpm, m.Current?.Tpm, m.Gap?.Tpm);
            Row(s, "TPD", m.Required.Tpd, m.Recommended.Tpd, m.Current?.Tpd, m.Gap?.Tpd);
            s.AppendLine();
            if (p.MaxTokens is not null)
            {
                s.AppendLine($"  reservation   max_tokens {Fmt.N(p.MaxTokens)}: {Fmt.N(m.Reservation.ReservedTpm)} TPM reserved at the peak ({Fmt.G(m.Reservation.ReservedToConsumed)}x consumption), ~{Fmt.N(m.Reservation.HeldTokens)} tokens held beyond consumption by {Fmt.N(m.Reservation.InFlightAtPeak, 1)} in flight{(m.Reservation.InFlightCapacity is { } cap ? $"; the current TPM admits {Fmt.N(cap)} at once" : "")}");
            }

            if (m.Curve is { } c)
            {
                s.AppendLine($"  throttling    < 1 % up to {Fmt.X(c.MaxMultiplierUnder1PctThrottle)} of baseline, sustained {Fmt.G(plan.EpisodeMinutes)} min at current quotas (planned peak {Fmt.X(m.PeakRpm / m.BaselineRpm)})");
                if (AtPeak(m) is { } peak)
                {
                    s.AppendLine($"  client        {plan.RetryDescription}; at {Fmt.X(peak.Multiplier)}: {Fmt.Pct(peak.ThrottleRate)} throttled ({Fmt.Pct(peak.ClientRefusalRate)} refused on the client), {Fmt.N(peak.AttemptsPerRequest, 2)} attempts per request, limiter wait p95 {Fmt.N(peak.LimiterWaitP95Seconds, 2)} s");
                }

                if (c.Measured is { } measured)
                {
                    s.AppendLine($"  measured      {Fmt.Pct(measured.MeasuredThrottleRate)} throttled at {Fmt.N(measured.OfferedRpm, 1)} RPM on average; predicted {Fmt.Pct(measured.PredictedThrottleRate)} ({measured.DifferencePercentagePoints:+0.00;-0.00} pp)"
                                 + (measured.ReplayedArrivals ? $" replaying the run's arrivals, {Fmt.Pct(measured.PredictedAtAverageRate)} at its steady average" : ""));
                    foreach (var phase in measured.Phases)
                    {
                        s.AppendLine($"    phase {phase.Phase + 1,-3}{Fmt.N(phase.Requests),7} req {Fmt.N(phase.OfferedRpm, 0),7} RPM  measured {Fmt.Pct(phase.MeasuredThrottleRate),8}  replayed {Fmt.Pct(phase.PredictedThrottleRate),8}  {phase.Description}");
                    }

                    if (ClientRefusalNote(m) is { } note)
                    {
                        s.AppendLine($"  note          {note}");
                    }
                }
            }
            else if (m.Current is null)
            {
                s.AppendLine("  throttling    current quotas unknown: give --quota-tpm/--quota-rpm or --config for a throttling curve");
            }

            s.AppendLine($"  cost          global {Fmt.Usd(m.Cost.Global.Hour)}/peak hour, {Fmt.Usd(m.Cost.Global.Day)}/day, {Fmt.Usd(m.Cost.Global.Month)}/month; geographic {Fmt.Usd(m.Cost.Geographic.Hour)}, {Fmt.Usd(m.Cost.Geographic.Day)}, {Fmt.Usd(m.Cost.Geographic.Month)}");
            s.AppendLine($"  verdict       {(m.Current is null ? "request the recommended values (current unknown)" : m.NeedsIncrease ? "INCREASE NEEDED: see quota-request.md" : "current quotas cover the plan")}");
        }

        return s.ToString();
    }

    /// <summary>The thinking line: its tokens and quota per request, its share of TPM, and the TPM of the same traffic without it.</summary>
    internal static string ThinkingLine(ModelPlan m, ThinkingEffect t)
        => $"{Fmt.N(t.ThinkingTokensPerRequest)} thinking tokens per request x {Fmt.G(m.Burndown)}"
           + (t.CarriedInputTokensPerRequest > 0 ? $" + {Fmt.N(t.CarriedInputTokensPerRequest)} input carried back with tool results" : "")
           + $" = {Fmt.N(t.QuotaTokensPerRequest)} quota tokens, {Fmt.Pct(t.ShareOfTpm, 1)} of TPM;"
           + $" the same traffic without thinking needs {Fmt.N(t.TpmWithoutThinking)} TPM, so thinking adds {Fmt.Signed(t.ExtraTpm)} TPM"
           + (t.TpmWithoutThinking > 0 ? $" ({Fmt.X((double)m.Required.Tpm / t.TpmWithoutThinking)})" : "");

    /// <summary>
    /// Per workload at the peak, declared or measured alike: sessions (or requests) starting per
    /// minute, turns, requests per minute, quota tokens per request and per session, thinking tokens
    /// per request, and the TPM it needs.
    /// </summary>
    private static void WorkloadTable(StringBuilder s, IReadOnlyList<WorkloadRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var width = Math.Max(20, rows.Max(w => w.Name.Length) + 2);
        s.AppendLine($"  workloads     {"workload".PadRight(width)}{"starts/min",12}{"turns",7}{"rpm",10}{"quota/req",11}{"quota/session",20}{"think/req",11}{"peak TPM",14}");
        foreach (var w in rows)
        {
            s.AppendLine($"                {w.Name.PadRight(width)}{Fmt.N(w.StartsPerMinute, 1),12}{Fmt.N(w.Turns, 2),7}{Fmt.N(w.Rpm, 1),10}{Fmt.N(w.QuotaPerRequest),11}{w.QuotaPerSession,20}{Fmt.N(w.ThinkingPerRequest),11}{Fmt.N(w.PeakTpm),14}");
        }
    }

    private static void Row(StringBuilder s, string name, long required, long recommended, long? current, long? gap)
        => s.AppendLine($"  {name,-6}{Fmt.N(required),16}{Fmt.N(recommended),16}{Fmt.N(current),16}{Fmt.Signed(gap),16}");

    /// <summary>The curve point nearest the planned peak (the curve's own multipliers are steps), or null without a curve.</summary>
    internal static Simulation.CurvePoint? AtPeak(ModelPlan m)
    {
        if (m.Curve is not { Points.Count: > 0 } curve || !(m.BaselineRpm > 0))
        {
            return null;
        }

        var peak = m.PeakRpm / m.BaselineRpm;
        return curve.Points.MinBy(p => Math.Abs(p.Multiplier - peak));
    }

    /// <summary>
    /// When the run's throttles were partly refusals by the AWS SDK's adaptive rate limiter, sets
    /// them beside what the simulated client's limiter refused at the run's load.
    /// </summary>
    internal static string? ClientRefusalNote(ModelPlan m)
        => m.Mix is { ClientRateLimited: > 0 } mix && m.Curve?.Measured is { } measured
            ? $"{Fmt.N(mix.ClientRateLimited)} of the run's {Fmt.N(mix.Throttled)} throttled requests were refused on the client by the AWS SDK's adaptive retry rate limiter (ClientRateLimited), {Fmt.Pct(mix.Sent == 0 ? 0 : (double)mix.ClientRateLimited / mix.Sent)} of its requests; the simulated client refused {Fmt.Pct(measured.PredictedClientRefusalRate)} at the run's load{TimerTick(measured)}."
            : null;

    private static string TimerTick(Simulation.MeasuredComparison measured)
        => measured.ClientTimerTickMs is { } tick
            ? $", its limiter waits woken on {Fmt.G(tick)} ms timer ticks as .NET timers wake (the refused share depends on the host's tick: docs/retry.md)"
            : "";
}

/// <summary>One line of <see cref="PlanText"/>'s workload table.</summary>
internal readonly record struct WorkloadRow(string Name, double StartsPerMinute, double Turns, double Rpm, double QuotaPerRequest, string QuotaPerSession, double ThinkingPerRequest, long PeakTpm);
