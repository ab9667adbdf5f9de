using System.Globalization;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// The words for the run summary's <c>harness</c> section, shared by report.html, report.md and the
/// CLI's end-of-run table, so the three say the same thing.
/// </summary>
public static class HarnessText
{
    /// <summary>"0:12–0:15 (3 s): thread-pool dispatch lag up to 1003 ms (threshold 10 ms)".</summary>
    public static string Period(SaturationPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return $"{Span(period)} ({Fmt.Duration(period.EndS - period.StartS)}): {period.Reason}";
    }

    /// <summary>"0:12–0:15", seconds from the run's start.</summary>
    public static string Span(SaturationPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return $"{Fmt.Clock(period.StartS)}–{Fmt.Clock(period.EndS)}";
    }

    /// <summary>What saturation means for the figures, in one sentence.</summary>
    public static string Warning(HarnessSummary harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var seconds = harness.Periods.Sum(p => p.EndS - p.StartS);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"The harness was saturated for {Fmt.Duration(seconds)} of the run, in {Count(harness.Periods.Count, "period")}: its own delay (thread-pool or timer lag above {Fmt.Ms(harness.LagThresholdMs)} for a tenth of a second or more, or process CPU at {Fmt.Pct(harness.CpuThreshold)} of {Count(harness.Cores, "core")}) was large enough to distort the latency, TTFT and inter-token figures measured then. Read those periods' figures as harness plus target, not target alone; run fewer streams per harness, or shard the run.");
    }

    /// <summary>"lag p50 0.1 ms · p99 2.3 ms · max 1.00 s · CPU mean 23% · busiest second 61% of 2 cores".</summary>
    public static string Figures(HarnessSummary harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        return $"lag p50 {Fmt.Ms(harness.LagMs.P50)} · p99 {Fmt.Ms(harness.LagMs.P99)} · max {Fmt.Ms(harness.LagMs.Max)} · CPU mean {Fmt.Pct(harness.Cpu.Mean)} · busiest second {Fmt.Pct(harness.Cpu.Max)} of {Count(harness.Cores, "core")}";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";
}
