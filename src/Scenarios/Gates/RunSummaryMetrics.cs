using LoadTest.Results;

namespace LoadTest.Scenarios.Gates;

/// <summary>Gate values read from a finished (or partial) <see cref="RunSummary"/>.</summary>
public sealed class RunSummaryMetrics(RunSummary summary) : IGateMetrics
{
    public bool TryGetValue(GateMetric metric, GateScope scope, out double value, out string reason)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(scope);
        value = 0;
        reason = "";
        if (scope.Kind == GateScopeKind.Step)
        {
            return FromStep(metric, scope.Name, ref value, ref reason);
        }

        if (scope.Kind != GateScopeKind.Run)
        {
            var groups = scope.Kind == GateScopeKind.Workload ? summary.ByWorkload : summary.ByModel;
            if (!groups.TryGetValue(scope.Name, out var group))
            {
                var kind = scope.Kind.ToString().ToLowerInvariant();
                reason = groups.Count == 0
                    ? $"the run has no {kind} breakdown"
                    : $"no {kind} '{scope.Name}' in this run (it has: {string.Join(", ", groups.Keys)})";
                return false;
            }

            return FromGroup(metric, group, scope, ref value, ref reason);
        }

        if (IsFeature(metric))
        {
            return FromFeatures(metric, summary.TtfvtMs, summary.Features, "the run", ref value, ref reason);
        }

        switch (metric.Quantity)
        {
            case GateQuantity.Latency:
                return FromPercentiles(summary.LatencyMs, metric, "latency", ref value, ref reason);
            case GateQuantity.Ttft:
                return FromPercentiles(summary.TtftMs, metric, "TTFT", ref value, ref reason);
            case GateQuantity.Itl:
                return FromPercentiles(summary.ItlMs, metric, "inter-token latency (streaming APIs only)", ref value, ref reason);
            case GateQuantity.Tpot:
                return FromPercentiles(summary.TpotMs, metric, "time per output token", ref value, ref reason);
            case GateQuantity.ThrottleRate:
                return Rate(summary.Requests.Sent, summary.Rates.ThrottleRate, ref value, ref reason);
            case GateQuantity.ErrorRate:
                return Rate(summary.Requests.Sent, summary.Rates.ErrorRate, ref value, ref reason);
            case GateQuantity.Dropped:
                value = summary.Requests.Dropped;
                return true;
            case GateQuantity.DroppedRate:
                if (summary.Requests.Scheduled == 0)
                {
                    reason = "no requests were scheduled";
                    return false;
                }

                value = (double)summary.Requests.Dropped / summary.Requests.Scheduled;
                return true;
            case GateQuantity.AchievedRpm:
                value = summary.Rates.AchievedRpm;
                return true;
            case GateQuantity.QuotaUtilization:
                if (summary.QuotaTpm.Utilization is not { } u)
                {
                    reason = "the TPM limit of the models used is not known";
                    return false;
                }

                value = u;
                return true;
            default:
                reason = $"{metric} is not in the run summary";
                return false;
        }
    }

    private static bool FromGroup(GateMetric metric, GroupSummary group, GateScope scope, ref double value, ref string reason)
    {
        switch (metric.Quantity)
        {
            case GateQuantity.Latency:
                return FromPercentiles(group.LatencyMs, metric, "latency", ref value, ref reason);
            case GateQuantity.Ttft:
                return FromPercentiles(group.TtftMs, metric, "TTFT", ref value, ref reason);
            case GateQuantity.ThrottleRate:
                return Rate(group.Sent, group.ThrottleRate, ref value, ref reason);
            case GateQuantity.ErrorRate:
                return Rate(group.Sent, group.ErrorRate, ref value, ref reason);
            case GateQuantity.AchievedRpm:
                value = group.AchievedRpm;
                return true;
            case var _ when IsFeature(metric):
                return FromFeatures(metric, group.TtfvtMs, group.Features, $"{scope.Kind.ToString().ToLowerInvariant()} '{scope.Name}'", ref value, ref reason);
            default:
                reason = $"{metric} is not measured per workload or model";
                return false;
        }
    }

    private bool FromStep(GateMetric metric, string name, ref double value, ref string reason)
    {
        if (summary.Steps is not { } steps || !steps.TryGetValue(name, out var step))
        {
            reason = summary.Steps is { Count: > 0 } known
                ? $"no step '{name}' in this run (it has: {string.Join(", ", known.Keys)})"
                : "the run timed no named steps (only C# scenarios do)";
            return false;
        }

        switch (metric.Quantity)
        {
            case GateQuantity.Latency:
                return FromPercentiles(step.LatencyMs, metric, $"step '{name}' latency", ref value, ref reason);
            case GateQuantity.Ttft:
                return FromPercentiles(step.TtftMs ?? new Percentiles(), metric, $"step '{name}' TTFT (no Bedrock call through the context)", ref value, ref reason);
            case GateQuantity.ErrorRate:
                if (step.Count == 0)
                {
                    reason = $"step '{name}' never ran";
                    return false;
                }

                value = step.ErrorRate;
                return true;
            default:
                reason = $"{metric} is not measured per step";
                return false;
        }
    }

    private static bool IsFeature(GateMetric metric) => metric.Quantity is GateQuantity.Ttfvt or GateQuantity.ThinkingShare
        or GateQuantity.CacheReadShare or GateQuantity.ToolCallsPerSession or GateQuantity.TurnsPerSession;

    /// <summary>The sessions, thinking, tools and cache figures of a run or a group, as the summary holds them.</summary>
    private static bool FromFeatures(GateMetric metric, Percentiles? ttfvt, RequestFeatures? features, string where, ref double value, ref string reason)
    {
        switch (metric.Quantity)
        {
            case GateQuantity.Ttfvt:
                return FromPercentiles(ttfvt ?? new Percentiles(), metric, "time-to-first-visible-token", ref value, ref reason);
            case GateQuantity.ThinkingShare when features?.Thinking is { } thinking:
                value = thinking.QuotaShare;
                return true;
            case GateQuantity.ThinkingShare:
                reason = $"no request of {where} reported thinking tokens";
                return false;
            case GateQuantity.CacheReadShare when features?.CacheReadShare is { } cache:
                value = cache.Overall;
                return true;
            case GateQuantity.CacheReadShare:
                reason = $"no request of {where} read or wrote the prompt cache";
                return false;
            case GateQuantity.ToolCallsPerSession when features?.Sessions is { } sessions:
                value = sessions.ToolCallsPerSession;
                return true;
            case GateQuantity.TurnsPerSession when features?.Sessions is { } sessions:
                value = sessions.TurnsMean;
                return true;
            default:
                reason = $"{where} had no multi-turn sessions";
                return false;
        }
    }

    private static bool Rate(long sent, double rate, ref double value, ref string reason)
    {
        if (sent == 0)
        {
            reason = "no requests were sent";
            return false;
        }

        value = rate;
        return true;
    }

    private static bool FromPercentiles(Percentiles p, GateMetric metric, string what, ref double value, ref string reason)
    {
        if (p.Count == 0)
        {
            reason = $"no {what} samples";
            return false;
        }

        value = metric.Statistic switch
        {
            GateStatistic.P50 => p.P50,
            GateStatistic.P90 => p.P90,
            GateStatistic.P95 => p.P95,
            GateStatistic.P99 => p.P99,
            GateStatistic.P999 => p.P999,
            GateStatistic.Max => p.Max,
            GateStatistic.Mean => p.Mean,
            _ => double.NaN,
        };
        return !double.IsNaN(value);
    }
}
