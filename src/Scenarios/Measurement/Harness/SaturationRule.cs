using System.Globalization;
using LoadTest.Scenarios.Config;
using LoadTest.Scenarios.Results;

namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>
/// When the harness's own delay could distort what it measures. A second is saturated when a
/// lag reading in it (thread-pool dispatch or timer) exceeded the lag threshold: a timestamp taken
/// then may be late by that much, more than the 10 ms error the benchmarks allow; or when the
/// process used at least the CPU threshold of all cores over at least half the second (a shorter
/// reading, e.g. the run's last few milliseconds, is too noisy to judge). Consecutive saturated
/// seconds make one period. Pure: no clock, so it is tested on made-up seconds.
/// </summary>
public static class SaturationRule
{
    private const double MinCpuCoverageMs = 500;

    public static bool LagExceeded(HarnessSecond second, SaturationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(settings);
        return second.MaxLagMs > settings.Lag.TotalMilliseconds;
    }

    public static bool CpuExceeded(HarnessSecond second, SaturationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return CoversCpu(second) && second.Cpu >= settings.Cpu;
    }

    /// <summary>Readings covered enough of the second for its CPU figure to count.</summary>
    public static bool CoversCpu(HarnessSecond second)
    {
        ArgumentNullException.ThrowIfNull(second);
        return second.WallMs >= MinCpuCoverageMs;
    }

    public static bool IsSaturated(HarnessSecond second, SaturationSettings settings)
        => LagExceeded(second, settings) || CpuExceeded(second, settings);

    /// <summary>Consecutive saturated seconds merged into periods, each with its worst lag and CPU and why.</summary>
    public static IReadOnlyList<SaturationPeriod> Periods(IReadOnlyList<HarnessSecond> seconds, SaturationSettings settings, int cores)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        ArgumentNullException.ThrowIfNull(settings);
        var periods = new List<SaturationPeriod>();
        var start = -1;
        for (var i = 0; i <= seconds.Count; i++)
        {
            var saturated = i < seconds.Count && IsSaturated(seconds[i], settings);
            if (saturated && start < 0)
            {
                start = i;
            }
            else if (!saturated && start >= 0)
            {
                periods.Add(Period(seconds, start, i, settings, cores));
                start = -1;
            }
        }

        return periods;
    }

    private static SaturationPeriod Period(IReadOnlyList<HarnessSecond> seconds, int from, int to, SaturationSettings settings, int cores)
    {
        double dispatch = 0, timer = 0, cpu = 0;
        bool lagged = false, busy = false;
        for (var i = from; i < to; i++)
        {
            var s = seconds[i];
            dispatch = Math.Max(dispatch, s.MaxDispatchLagMs);
            timer = Math.Max(timer, s.MaxTimerLagMs);
            if (CoversCpu(s))
            {
                cpu = Math.Max(cpu, s.Cpu);
            }

            lagged |= LagExceeded(s, settings);
            busy |= CpuExceeded(s, settings);
        }

        var reasons = new List<string>(2);
        if (lagged)
        {
            var kind = dispatch >= timer ? "thread-pool dispatch" : "timer";
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{kind} lag up to {Math.Max(dispatch, timer):0} ms (threshold {settings.Lag.TotalMilliseconds:0.#} ms)"));
        }

        if (busy)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"process CPU up to {cpu:P0} of {cores} cores (threshold {settings.Cpu:P0})"));
        }

        return new SaturationPeriod(from, to, Math.Round(Math.Max(dispatch, timer), 1), Math.Round(cpu, 3), string.Join("; ", reasons));
    }
}
