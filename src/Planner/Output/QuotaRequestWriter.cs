using System.Text;
using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Output;

/// <summary>
/// Writes quota-request.md: per quota its AWS name, current and requested values, a justification
/// with the arithmetic step by step, the AWS CLI commands to find the quota code and request the
/// increase in the quota-management Region, and CloudWatch alarms at 70 % and 80 %.
/// </summary>
public static class QuotaRequestWriter
{
    public static readonly double[] AlarmLevels = [0.7, 0.8];

    public static string Render(PlanResult plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var md = new StringBuilder();
        md.AppendLine("# Amazon Bedrock quota increase request");
        md.AppendLine();
        md.AppendLine(plan.Import is { } import
            ? $"Built by `loadtest plan` from the import `{plan.Source}` of Bedrock's own records ({Fmt.Recorded(import)}): each model's recorded peak minute and busiest day."
            : plan.Source == "numbers"
            ? "Built by `loadtest plan` from declared numbers."
            : plan.FromDeclaredWorkloads
            ? $"Built by `loadtest plan` from the workloads declared in `{plan.Source}`{(plan.Scenario is { Length: > 0 } declared ? $" (scenario `{declared}`)" : "")}, before any run."
            : $"Built by `loadtest plan` from the measured run `{plan.Source}`{(plan.Scenario is { Length: > 0 } s ? $" (scenario `{s}`)" : "")}.");
        if (plan.PartialRun is { } partial)
        {
            md.AppendLine();
            md.AppendLine($"> **Partial run:** {partial}");
        }

        md.AppendLine();
        md.AppendLine($"- Peak: baseline x {Fmt.G(plan.PeakMultiplier)} (peak multiplier) x {Fmt.G(plan.Growth)} (growth)");
        md.AppendLine($"- Target utilization at the peak: {Fmt.Pct(plan.TargetUtilization, 0)} (requested = required / {Fmt.G(plan.TargetUtilization)}, rounded up to two significant figures)");
        md.AppendLine($"- Daily shape for tokens per day: {plan.DailyShape}");
        md.AppendLine($"- Reservation at admission: {plan.ReservationRule}");
        md.AppendLine($"- Quota-management Region: `{plan.QuotaRegion}`");
        md.AppendLine();

        foreach (var m in plan.Models)
        {
            WriteModel(md, m, plan);
        }

        return md.ToString();
    }

    private static void WriteModel(StringBuilder md, ModelPlan m, PlanResult plan)
    {
        var name = string.IsNullOrEmpty(m.DisplayName) ? m.Id : m.DisplayName;
        var tpmName = QuotaNames.TokensPerMinute(m.Scope, name);
        var rpmName = QuotaNames.RequestsPerMinute(m.Scope, name);
        var tpdName = QuotaNames.TokensPerDay(m.Scope, name);
        var p = m.PerRequest;
        var u = plan.TargetUtilization;

        md.AppendLine($"## {name} (`{m.Id}`, {m.Scope} profile)");
        md.AppendLine();
        md.AppendLine("| Quota (AWS name) | Current | Requested | Required at peak |");
        md.AppendLine("|---|---:|---:|---:|");
        md.AppendLine($"| {tpmName} | {Fmt.N(m.Current?.Tpm)} | {Fmt.N(m.Recommended.Tpm)} | {Fmt.N(m.Required.Tpm)} |");
        md.AppendLine($"| {rpmName} | {Fmt.N(m.Current?.Rpm)} | {Fmt.N(m.Recommended.Rpm)} | {Fmt.N(m.Required.Rpm)} |");
        md.AppendLine($"| {tpdName} | {Fmt.N(m.Current?.Tpd)} | {Fmt.N(m.Recommended.Tpd)} | {Fmt.N(m.Required.Tpd)} |");
        md.AppendLine();
        if (m.Current is not null)
        {
            md.AppendLine(m.NeedsIncrease
                ? $"Current values from {m.QuotaSource}. An increase is needed (gap: TPM {Fmt.Signed(m.Gap?.Tpm)}, RPM {Fmt.Signed(m.Gap?.Rpm)}, TPD {Fmt.Signed(m.Gap?.Tpd)})."
                : $"Current values from {m.QuotaSource}. The current quotas already cover the requested values; no increase is needed.");
            md.AppendLine();
        }

        md.AppendLine("### Justification");
        md.AppendLine();
        md.AppendLine(m.Recorded is { } rec
            ? $"- Recorded request volume: {Fmt.N(rec.Requests)} requests in the busiest minute ({Fmt.Minute(rec.RequestsMinute)}); at the peak {Fmt.N(m.PeakRpm, 1)} requests per minute ({Fmt.N(m.PeakRpm * 60)} per hour)."
              + $" The recorded peak minute {Fmt.Minute(rec.QuotaMinute)} used {Fmt.N(rec.QuotaTokens)} quota tokens ({Fmt.N(rec.QuotaMinuteRequests)} requests); the busiest day, {Fmt.Day(rec.BusiestDay)}, {Fmt.N(rec.BusiestDayQuotaTokens)}."
            : $"- Expected request volume: {Fmt.N(m.BaselineRpm, 1)} requests per minute today; at the peak {Fmt.N(m.PeakRpm, 1)} requests per minute ({Fmt.N(m.PeakRpm * 60)} per hour).");
        if (m.Recorded is { } partly && Fmt.PartDayNote(partly) is { } partDay)
        {
            md.AppendLine($"- Note: {partDay}.");
        }

        md.AppendLine($"- Average tokens per request: {Fmt.N(p.InputTokens)} input, {Fmt.N(p.OutputTokens)} output, {Fmt.N(p.CacheWriteTokens)} cache-write input"
                      + $" ({Fmt.N(p.CacheReadTokens)} cache-read, which do not count against the quota).");
        md.AppendLine($"- Burndown: each output token counts {Fmt.G(m.Burndown)}x against the tokens-per-minute quota for this model.");
        if (m.Thinking is { } thinking)
        {
            md.AppendLine($"- Thinking (extended or adaptive; thinking tokens are output tokens, included above): {PlanText.ThinkingLine(m, thinking)}.");
        }

        foreach (var w in m.Declared)
        {
            var t = w.Tokens;
            md.AppendLine(t.PerSession is { } ps
                ? $"- Workload `{t.Name}`: {Fmt.N(w.PeakArrivalsPerMinute, 1)} sessions per minute at the peak, {Fmt.N(t.TurnsPerSession, 2)} turns each on average ({Fmt.N(w.PeakRpm, 1)} requests per minute);"
                  + $" per session {Fmt.N(ps.InputTokens)} input + {Fmt.N(ps.CacheWriteTokens)} cache write + {Fmt.N(ps.OutputTokens)} output x {Fmt.G(m.Burndown)} = **{Fmt.N(ps.QuotaTokens)} quota tokens**"
                  + $" ({Fmt.N(ps.CacheReadTokens)} cache-read, free; cache points {(t.CachePoints ? "on" : "off")}), {Fmt.N(t.PerRequest.QuotaTokens)} per request; {Fmt.N(w.PeakTpm)} TPM at the peak."
                : $"- Workload `{t.Name}`: {Fmt.N(w.PeakRpm, 1)} requests per minute at the peak, {Fmt.N(t.PerRequest.QuotaTokens)} quota tokens per request; {Fmt.N(w.PeakTpm)} TPM at the peak.");
        }

        foreach (var w in m.Measured)
        {
            var thinks = w.ThinkingTokensPerRequest > 0 ? $" ({Fmt.N(w.ThinkingTokensPerRequest)} thinking tokens a request)" : "";
            md.AppendLine(w.Sessions is { } ss
                ? $"- Workload `{w.Workload}` (measured): {Fmt.N(ss.SessionsPerMinute, 1)} sessions per minute in the run, {Fmt.N(w.PeakArrivalsPerMinute, 1)} at the peak, {Fmt.N(ss.TurnsPerSession, 2)} turns each on average ({Fmt.N(w.PeakRpm, 1)} requests per minute);"
                  + $" **{Fmt.N(ss.QuotaTokensPerSession)} quota tokens per session** (the sum over its requests), {Fmt.N(w.QuotaTokensPerRequest)} per completed request{thinks}; {Fmt.N(w.PeakTpm)} TPM at the peak."
                : $"- Workload `{w.Workload}` (measured): {Fmt.N(w.PeakRpm, 1)} requests per minute at the peak, {Fmt.N(w.QuotaTokensPerRequest)} quota tokens per completed request{thinks}; {Fmt.N(w.PeakTpm)} TPM at the peak.");
        }

        md.AppendLine();
        md.AppendLine("Arithmetic:");
        md.AppendLine();
        md.AppendLine($"1. Quota tokens per request = input + cache write + output x burndown = {Fmt.N(p.InputTokens)} + {Fmt.N(p.CacheWriteTokens)} + {Fmt.N(p.OutputTokens)} x {Fmt.G(m.Burndown)} = **{Fmt.N(p.QuotaTokens)}**");
        md.AppendLine($"2. Peak rate = {Fmt.N(m.BaselineRpm, 2)} RPM x {Fmt.G(plan.PeakMultiplier)} x {Fmt.G(plan.Growth)} = **{Fmt.N(m.PeakRpm, 2)} RPM** (required RPM {Fmt.N(m.Required.Rpm)})");
        var scale = Fmt.G(m.PeakRpm / m.BaselineRpm);
        md.AppendLine(m.Recorded is { } peak
            ? $"3. Tokens per minute at the peak = the recorded peak minute's {Fmt.N(peak.QuotaTokens)} quota tokens ({Fmt.Minute(peak.QuotaMinute)}, each request's input + cache write + output x burndown) x {scale} (peak / recorded rate) = **{Fmt.N(m.Required.Tpm)} TPM**"
            : $"3. Tokens per minute at the peak = {Fmt.N(m.PeakRpm, 2)} x {Fmt.N(p.QuotaTokens)} = **{Fmt.N(m.Required.Tpm)} TPM**");
        md.AppendLine(m.TpdFromRecordedDay && m.Recorded is { } day
            ? $"4. Tokens per day = the busiest recorded day's {Fmt.N(day.BusiestDayQuotaTokens)} quota tokens ({Fmt.Day(day.BusiestDay)}) x {scale} = **{Fmt.N(m.Required.Tpd)} TPD** (that day's average is {Fmt.Ratio(m.AverageToPeak)} of a day at the peak minute's rate)"
            : $"4. Tokens per day = {Fmt.N(m.Required.Tpm)} x 1,440 minutes x {Fmt.Ratio(m.AverageToPeak)} (average/peak) = **{Fmt.N(m.Required.Tpd)} TPD**");
        md.AppendLine($"5. Headroom for a target utilization of {Fmt.Pct(u, 0)}: TPM {Fmt.N(m.Required.Tpm)} / {Fmt.G(u)} = {Fmt.N(m.Required.Tpm / u)} -> requested **{Fmt.N(m.Recommended.Tpm)}**;"
                      + $" RPM {Fmt.N(m.Required.Rpm)} / {Fmt.G(u)} = {Fmt.N(m.Required.Rpm / u, 1)} -> requested **{Fmt.N(m.Recommended.Rpm)}**"
                      + " (rounded up to two significant figures);"
                      + (m.TpdFromRecordedDay && m.Recorded is { } busiest
                          ? $" TPD follows the requested TPM: the busiest day's {Fmt.N(busiest.BusiestDayQuotaTokens)} x {Fmt.N(m.Recommended.Tpm)} / {Fmt.N(busiest.QuotaTokens)} (requested TPM / recorded peak minute) = requested **{Fmt.N(m.Recommended.Tpd)}**."
                          : $" TPD follows the requested TPM: {Fmt.N(m.Recommended.Tpm)} x 1,440 x {Fmt.Ratio(m.AverageToPeak)} = requested **{Fmt.N(m.Recommended.Tpd)}**."));
        md.AppendLine();

        var r = m.Reservation;
        if (p.MaxTokens is { } max)
        {
            md.AppendLine($"Reservation effect (shown separately, not added above): with max_tokens {Fmt.N(max)}, admission reserves {Fmt.N(r.ReservedTokensPerRequest)} quota tokens per request"
                          + $" ({Fmt.G(r.ReservedToConsumed)}x what it consumes){(plan.ReservationRelease == "progressive" ? ", the unused part released as the output is generated" : " until it completes")}."
                          + (r.InFlightCapacity is { } cap ? $" The current TPM quota admits {Fmt.N(cap)} such requests at once." : "")
                          + " At the peak about {Fmt.N(r.InFlightAtPeak, 1)} requests are in flight"
                          + $" ({Fmt.N(p.ServiceSeconds, 1)} s each), holding back about {Fmt.N(r.HeldTokens)} extra tokens of the per-minute bucket at any moment;"
                          + $" bursts are admitted against {Fmt.N(r.ReservedTpm)} reserved tokens per minute. Lowering max_tokens toward the real output length reduces early throttling.");
            md.AppendLine();
        }

        if (m.Curve is { } curve)
        {
            md.AppendLine($"Throttling against the current quotas (simulated, {Fmt.N((long)plan.RequestsPerCurvePoint)} requests per point, client {plan.RetryDescription}):"
                          + $" under 1 % of requests are throttled up to **{Fmt.X(curve.MaxMultiplierUnder1PctThrottle)}** of today's load sustained for {Fmt.G(plan.EpisodeMinutes)} minutes; the planned peak is {Fmt.X(m.PeakRpm / m.BaselineRpm)}.");
            if (curve.Measured is { } measured)
            {
                md.AppendLine(measured.ReplayedArrivals
                    ? $"Replaying the run's own arrivals ({Fmt.N(measured.OfferedRpm, 1)} RPM on average over {Fmt.N(measured.DurationSeconds)} s, with its ramps and spikes) the simulation predicts {Fmt.Pct(measured.PredictedThrottleRate)} throttled; the run measured {Fmt.Pct(measured.MeasuredThrottleRate)}."
                      + $" A steady load at the same average would see {Fmt.Pct(measured.PredictedAtAverageRate)}."
                    : $"At the run's own load ({Fmt.N(measured.OfferedRpm, 1)} RPM for {Fmt.N(measured.DurationSeconds)} s) the simulation predicts {Fmt.Pct(measured.PredictedThrottleRate)} throttled; the run measured {Fmt.Pct(measured.MeasuredThrottleRate)}.");
                if (measured.Phases.Count > 0)
                {
                    md.AppendLine();
                    md.AppendLine("| phase | what | requests | RPM | throttled, measured | throttled, replayed |");
                    md.AppendLine("|---:|---|---:|---:|---:|---:|");
                    foreach (var phase in measured.Phases)
                    {
                        md.AppendLine($"| {phase.Phase + 1} | {phase.Description} | {Fmt.N(phase.Requests)} | {Fmt.N(phase.OfferedRpm, 0)} | {Fmt.Pct(phase.MeasuredThrottleRate)} | {Fmt.Pct(phase.PredictedThrottleRate)} |");
                    }
                }

                if (PlanText.ClientRefusalNote(m) is { } note)
                {
                    md.AppendLine();
                    md.AppendLine(note);
                }
            }

            md.AppendLine();
        }

        md.AppendLine($"Cost at this mix (global profile): {Fmt.Usd(m.Cost.Global.Hour)} per peak hour, {Fmt.Usd(m.Cost.Global.Day)} per day, {Fmt.Usd(m.Cost.Global.Month)} per month"
                      + $" (geographic: {Fmt.Usd(m.Cost.Geographic.Hour)} / {Fmt.Usd(m.Cost.Geographic.Day)} / {Fmt.Usd(m.Cost.Geographic.Month)}).");
        md.AppendLine();

        var region = plan.QuotaRegion;
        md.AppendLine($"### AWS CLI: request the increase (Region `{region}`)");
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine("# Find the quota codes and current values:");
        md.AppendLine($"aws service-quotas list-service-quotas --service-code bedrock --region {region} \\");
        md.AppendLine($"  --query \"Quotas[?contains(QuotaName, '{name}')].[QuotaCode,QuotaName,Value]\" --output table");
        foreach (var (quotaName, value, current) in new[] { (tpmName, m.Recommended.Tpm, m.Current?.Tpm), (rpmName, m.Recommended.Rpm, m.Current?.Rpm), (tpdName, m.Recommended.Tpd, m.Current?.Tpd) })
        {
            md.AppendLine();
            if (current is { } c && c >= value)
            {
                md.AppendLine($"# {quotaName}: current {Fmt.N(c)} already covers {Fmt.N(value)}; no request needed.");
                continue;
            }

            md.AppendLine($"# {quotaName}: request {Fmt.N(value)}");
            md.AppendLine($"CODE=$(aws service-quotas list-service-quotas --service-code bedrock --region {region} \\");
            md.AppendLine($"  --query \"Quotas[?QuotaName=='{quotaName}'].QuotaCode\" --output text)");
            md.AppendLine($"aws service-quotas request-service-quota-increase --service-code bedrock --region {region} \\");
            md.AppendLine($"  --quota-code \"$CODE\" --desired-value {value}");
        }

        md.AppendLine("```");
        md.AppendLine();
        WriteAlarms(md, m, region);
    }

    /// <summary>
    /// Alarms in every source Region the demand was called from: Bedrock publishes the metrics there,
    /// not in the quota-management Region (which only receives the increase request).
    /// </summary>
    private static void WriteAlarms(StringBuilder md, ModelPlan m, string quotaRegion)
    {
        var slug = new string(m.Id.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '.' ? ch : '-').ToArray());
        var known = m.SourceRegions.Count > 0;
        IReadOnlyList<string> regions = known ? m.SourceRegions : [quotaRegion];
        var where = known
            ? $"create the alarms there: in {string.Join(", ", regions.Select(r => $"`{r}`"))}, where these requests were sent"
            : $"create the alarms in each Region you call it from (shown for `{quotaRegion}`: the source Regions of declared numbers are not known; change `--region`)";
        md.AppendLine($"### CloudWatch alarms at {string.Join(" and ", AlarmLevels.Select(l => Fmt.Pct(l, 0)))} of the requested quotas");
        md.AppendLine();
        md.AppendLine("Bedrock publishes per-minute metrics in namespace `AWS/Bedrock` with dimension `ModelId` in each source Region that calls the profile;"
                      + $" {where}. Quota tokens per minute are Bedrock's own `EstimatedTPMQuotaUsage`"
                      + $" (input + cache-write input + output x {Fmt.G(m.Burndown)}, as the quota counts them; emitted for successful requests)."
                      + $" Where it is not published, the metric math `InputTokenCount + OutputTokenCount * {Fmt.G(m.Burndown)}` is the nearest stand-in; it leaves out cache writes,"
                      + " so lower its threshold by your cache-write share."
                      + (regions.Count > 1 ? " Each Region's alarm sees that Region's share of the traffic against the whole quota: lower its thresholds by that share to alarm at the pool's level." : "")
                      + " Add `--alarm-actions <SNS topic ARN>` to be notified.");
        md.AppendLine();
        md.AppendLine("```bash");
        foreach (var region in regions)
        {
            if (regions.Count > 1)
            {
                md.AppendLine($"# --- source Region {region} ---");
            }

            WriteAlarmCommands(md, m, slug, region);
        }

        md.AppendLine("```");
        md.AppendLine();
    }

    private static void WriteAlarmCommands(StringBuilder md, ModelPlan m, string slug, string region)
    {
        foreach (var level in AlarmLevels)
        {
            var pct = (int)Math.Round(level * 100);
            var tpmThreshold = (long)Math.Floor(m.Recommended.Tpm * level);
            var rpmThreshold = (long)Math.Floor(m.Recommended.Rpm * level);
            md.AppendLine($"# Quota tokens per minute at {pct} % of {Fmt.N(m.Recommended.Tpm)}");
            md.AppendLine($"aws cloudwatch put-metric-alarm --region {region} --alarm-name \"bedrock-{slug}-tpm-{pct}pct\" \\");
            md.AppendLine($"  --namespace AWS/Bedrock --metric-name EstimatedTPMQuotaUsage --dimensions Name=ModelId,Value={m.Id} \\");
            md.AppendLine($"  --statistic Sum --period 60 --comparison-operator GreaterThanOrEqualToThreshold --threshold {tpmThreshold} \\");
            md.AppendLine("  --evaluation-periods 3 --datapoints-to-alarm 2 --treat-missing-data notBreaching");
            md.AppendLine($"# Requests per minute at {pct} % of {Fmt.N(m.Recommended.Rpm)}");
            md.AppendLine($"aws cloudwatch put-metric-alarm --region {region} --alarm-name \"bedrock-{slug}-rpm-{pct}pct\" \\");
            md.AppendLine($"  --namespace AWS/Bedrock --metric-name Invocations --dimensions Name=ModelId,Value={m.Id} \\");
            md.AppendLine($"  --statistic Sum --period 60 --comparison-operator GreaterThanOrEqualToThreshold --threshold {rpmThreshold} \\");
            md.AppendLine("  --evaluation-periods 3 --datapoints-to-alarm 2 --treat-missing-data notBreaching");
        }

        md.AppendLine("# Any throttling at all");
        md.AppendLine($"aws cloudwatch put-metric-alarm --region {region} --alarm-name \"bedrock-{slug}-throttles\" \\");
        md.AppendLine($"  --namespace AWS/Bedrock --metric-name InvocationThrottles --dimensions Name=ModelId,Value={m.Id} \\");
        md.AppendLine("  --statistic Sum --period 60 --comparison-operator GreaterThanThreshold --threshold 0 \\");
        md.AppendLine("  --evaluation-periods 5 --datapoints-to-alarm 2 --treat-missing-data notBreaching");
    }
}
