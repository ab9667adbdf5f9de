using System.Globalization;
using LoadTest.Config;
using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>
/// When the harness's own delay could distort what it measures. A second is saturated when the
/// readings that found the harness lagging (thread-pool dispatch or timer) by more than the lag
/// threshold cover at least a tenth of it (100 ms, two readings at the default interval): then
/// about a tenth of what it timestamped in that second may be late by more than the threshold,
/// which moves the second's p90 and everything above past the 10 ms error the benchmarks allow.
/// One lone reading over the threshold (a short GC pause, a busy neighbour on a shared machine)
/// is not saturation; a stall or a queue that stays long is. A second is also saturated when the
/// process used at least the CPU threshold of all cores over at least half of it (a shorter
/// reading, e.g. the run's last few milliseconds, is too noisy to judge).
/// Consecutive saturated seconds make one period. Pure: no clock, so it is tested on made-up seconds.
/// </summary>
public static class SaturationRule
{
    /// <summary>A tenth of a second: the share of its timestamps that moves its p90 and above.</summary>
    public const double MinLaggedMs = 100;
    private const double MinCpuCoverageMs = 500;

    /// <summary>The second spent long enough lagging past the threshold it was folded with (<see cref="HarnessTimeline.Add"/>).</summary>
    public static bool LagExceeded(HarnessSecond second)
    {
        ArgumentNullException.ThrowIfNull(second);
        return second.LaggedMs >= MinLaggedMs;
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
        => LagExceeded(second) || CpuExceeded(second, settings);

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

            lagged |= LagExceeded(s);
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
