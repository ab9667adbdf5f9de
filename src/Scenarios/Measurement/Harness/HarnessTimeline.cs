namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>
/// Folds samples into one-second windows. Pure: the monitor and the tests feed it the same way,
/// with no clock.
/// </summary>
public static class HarnessTimeline
{
    /// <summary>
    /// Adds <paramref name="sample"/> to <paramref name="seconds"/> (indexed by second, grown as
    /// needed). Its lag counts as the maximum in every second from when the delay began
    /// (<c>AtMs - LagMs</c>) to the reading: a monitor that was itself held up for two seconds
    /// still marks both, not only the second it woke up in. A reading lagging by more than
    /// <paramref name="lagThresholdMs"/> speaks for the time since the previous reading, which
    /// counts as lagged time (readings do not overlap, so a stall read twenty times counts once).
    /// CPU counts in the reading's second.
    /// </summary>
    public static void Add(List<HarnessSecond> seconds, HarnessSample sample, double lagThresholdMs)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        var at = Math.Max(0, sample.AtMs);
        var last = (int)(at / 1000);
        while (seconds.Count <= last)
        {
            seconds.Add(new HarnessSecond(seconds.Count));
        }

        var lagFrom = Math.Max(0, at - sample.LagMs);
        var laggedFrom = sample.LagMs > lagThresholdMs ? at - Math.Max(0, sample.IntervalMs) : at;
        for (var i = (int)(lagFrom / 1000); i <= last; i++)
        {
            var s = seconds[i];
            var lagged = Math.Max(0, Math.Min(at, (i + 1) * 1000.0) - Math.Max(laggedFrom, i * 1000.0));
            seconds[i] = s with
            {
                MaxDispatchLagMs = Math.Max(s.MaxDispatchLagMs, sample.DispatchLagMs),
                MaxTimerLagMs = Math.Max(s.MaxTimerLagMs, sample.TimerLagMs),
                LaggedMs = s.LaggedMs + lagged,
            };
        }

        var own = seconds[last];
        seconds[last] = own with
        {
            Samples = own.Samples + 1,
            CpuWeightedMs = own.CpuWeightedMs + (sample.Cpu * sample.IntervalMs),
            WallMs = own.WallMs + sample.IntervalMs,
            MaxPendingWorkItems = Math.Max(own.MaxPendingWorkItems, sample.PendingWorkItems),
        };
    }

    public static IReadOnlyList<HarnessSecond> Fold(IEnumerable<HarnessSample> samples, double lagThresholdMs)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var seconds = new List<HarnessSecond>();
        foreach (var sample in samples)
        {
            Add(seconds, sample, lagThresholdMs);
        }

        return seconds;
    }
}
