namespace LoadTest.Scenarios.Gates;

/// <summary>A measured quantity and, for distributions, its statistic: <c>p95(ttft)</c>, <c>throttle_rate</c>.</summary>
public sealed record GateMetric(GateQuantity Quantity, GateStatistic Statistic = GateStatistic.None)
{
    public bool IsDuration => Quantity is GateQuantity.Latency or GateQuantity.Ttft or GateQuantity.Ttfvt or GateQuantity.Itl or GateQuantity.Tpot;

    public bool IsRate => Quantity is GateQuantity.ThrottleRate or GateQuantity.ErrorRate or GateQuantity.DroppedRate or GateQuantity.QuotaUtilization
        or GateQuantity.ThinkingShare or GateQuantity.CacheReadShare;

    /// <summary>Whether the result model keeps this metric per workload and per model.</summary>
    public bool AvailablePerGroup => Quantity is GateQuantity.Latency or GateQuantity.Ttft or GateQuantity.ThrottleRate
        or GateQuantity.ErrorRate or GateQuantity.AchievedRpm or GateQuantity.Ttfvt or GateQuantity.ThinkingShare
        or GateQuantity.CacheReadShare or GateQuantity.ToolCallsPerSession or GateQuantity.TurnsPerSession;

    public override string ToString()
    {
        var name = Quantity switch
        {
            GateQuantity.Latency => "latency",
            GateQuantity.Ttft => "ttft",
            GateQuantity.Ttfvt => "ttfvt",
            GateQuantity.Itl => "itl",
            GateQuantity.Tpot => "tpot",
            GateQuantity.ThrottleRate => "throttle_rate",
            GateQuantity.ErrorRate => "error_rate",
            GateQuantity.Dropped or GateQuantity.DroppedRate => "dropped",
            GateQuantity.AchievedRpm => "achieved_rpm",
            GateQuantity.QuotaUtilization => "quota_utilization",
            GateQuantity.ThinkingShare => "thinking_share",
            GateQuantity.CacheReadShare => "cache_read_share",
            GateQuantity.ToolCallsPerSession => "tool_calls_per_session",
            GateQuantity.TurnsPerSession => "turns_per_session",
            _ => Quantity.ToString(),
        };
        return Statistic switch
        {
            GateStatistic.None => name,
            GateStatistic.P999 => $"p99.9({name})",
            _ => $"{Statistic.ToString().ToLowerInvariant()}({name})",
        };
    }
}
