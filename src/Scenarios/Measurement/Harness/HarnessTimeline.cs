namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>
/// Folds samples into one-second windows. Pure: the monitor and the tests feed it the same way,
/// with no clock.
/// </summary>
public static class HarnessTimeline
{
    /// <summary>
    /// Adds <paramref name="sample"/> to <paramref name="seconds"/> (indexed by second, grown as
    /// needed). Its lag counts in every second from when the delay began (<c>AtMs - LagMs</c>) to
    /// the reading: a monitor that was itself held up for two seconds still marks both of them, not
    /// only the second it woke up in. CPU counts in the reading's second.
    /// </summary>
    public static void Add(List<HarnessSecond> seconds, HarnessSample sample)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        var at = Math.Max(0, sample.AtMs);
        var last = (int)(at / 1000);
        var first = (int)(Math.Max(0, at - sample.LagMs) / 1000);
        while (seconds.Count <= last)
        {
            seconds.Add(new HarnessSecond(seconds.Count));
        }

        for (var i = first; i <= last; i++)
        {
            var s = seconds[i];
            seconds[i] = s with
            {
                MaxDispatchLagMs = Math.Max(s.MaxDispatchLagMs, sample.DispatchLagMs),
                MaxTimerLagMs = Math.Max(s.MaxTimerLagMs, sample.TimerLagMs),
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

    public static IReadOnlyList<HarnessSecond> Fold(IEnumerable<HarnessSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var seconds = new List<HarnessSecond>();
        foreach (var sample in samples)
        {
            Add(seconds, sample);
        }

        return seconds;
    }
}
