using LoadTest.Config;
using LoadTest.Scenarios.Measurement.Harness;

namespace LoadTest.Scenarios.Tests;

/// <summary>The windowing and threshold maths of harness saturation, on made-up readings (no clock).</summary>
public sealed class SaturationRuleTests
{
    private static readonly SaturationSettings Defaults = SaturationSettings.Default;

    /// <summary>A reading every 50 ms over [fromS, toS) with the given lag and CPU.</summary>
    private static IEnumerable<HarnessSample> Readings(double fromS, double toS, double dispatchMs = 0.2, double timerMs = 0.5, double cpu = 0.2)
    {
        for (var at = (fromS * 1000) + 50; at <= toS * 1000; at += 50)
        {
            yield return new HarnessSample(at - 0.001, dispatchMs, timerMs, cpu, 50, 3);
        }
    }

    [Fact]
    public void A_second_is_saturated_when_readings_over_the_threshold_cover_a_tenth_of_it_not_by_one_lone_reading()
    {
        IEnumerable<HarnessSample> Samples() => Readings(0, 1)
            .Append(new HarnessSample(1500, 40, 0, 0.2, 50, 0))
            .Concat([new HarnessSample(2500, 10.1, 0, 0.2, 50, 0), new HarnessSample(2550, 0, 10.1, 0.2, 50, 0)])
            .Concat(Readings(3, 4, dispatchMs: 10));

        var seconds = HarnessTimeline.Fold(Samples(), 10);

        Assert.Equal(4, seconds.Count);
        Assert.Equal([0.0, 50, 100, 0], seconds.Select(s => s.LaggedMs));
        Assert.Equal([false, false, true, false], seconds.Select(s => SaturationRule.IsSaturated(s, Defaults)));

        // A lower threshold finds the steady 10 ms queue of second 3.
        Assert.True(SaturationRule.IsSaturated(HarnessTimeline.Fold(Samples(), 5)[3], Defaults));
    }

    [Fact]
    public void Consecutive_saturated_seconds_merge_into_one_period_with_its_worst_lag_and_why()
    {
        var samples = Readings(0, 2)
            .Concat(Readings(2, 5, dispatchMs: 40))
            .Append(new HarnessSample(3400, 480, 0.3, 0.3, 50, 900))
            .Concat(Readings(5, 6))
            .Concat(Readings(6, 7, timerMs: 25))
            .Concat(Readings(7, 9));

        var periods = SaturationRule.Periods(HarnessTimeline.Fold(samples, 10), Defaults, cores: 2);

        Assert.Equal(2, periods.Count);
        Assert.Equal((2.0, 5.0, 480.0), (periods[0].StartS, periods[0].EndS, periods[0].MaxLagMs));
        Assert.Equal("thread-pool dispatch lag up to 480 ms (threshold 10 ms)", periods[0].Reason);
        Assert.Equal((6.0, 7.0, 25.0), (periods[1].StartS, periods[1].EndS, periods[1].MaxLagMs));
        Assert.Equal("timer lag up to 25 ms (threshold 10 ms)", periods[1].Reason);
    }

    [Fact]
    public void A_delay_read_late_marks_every_second_it_lasted_not_only_the_one_it_was_read_in()
    {
        // A monitor held up for 2.2 s reads at 5.2 s how late it is: the delay began at 3.0 s.
        var seconds = HarnessTimeline.Fold(Readings(0, 3).Append(new HarnessSample(5200, 0, 2200, 0.1, 2200, 0)), 10);

        Assert.Equal(6, seconds.Count);
        Assert.All(seconds.Take(3), s => Assert.False(SaturationRule.IsSaturated(s, Defaults)));
        Assert.All(seconds.Skip(3), s => Assert.Equal(2200, s.MaxTimerLagMs));
        Assert.Equal([1000.0, 1000, 200], seconds.Skip(3).Select(s => s.LaggedMs));
        var period = Assert.Single(SaturationRule.Periods(seconds, Defaults, cores: 2));
        Assert.Equal((3.0, 6.0), (period.StartS, period.EndS));
    }

    [Fact]
    public void Process_CPU_at_the_threshold_over_a_whole_second_saturates_it_but_a_brief_reading_does_not()
    {
        var busy = HarnessTimeline.Fold(Readings(0, 1, cpu: 0.5).Concat(Readings(1, 2, cpu: 0.96)), 10);
        Assert.Equal(0.5, busy[0].Cpu, 9);
        Assert.False(SaturationRule.IsSaturated(busy[0], Defaults));
        Assert.True(SaturationRule.IsSaturated(busy[1], Defaults));
        var period = Assert.Single(SaturationRule.Periods(busy, Defaults, cores: 2));
        Assert.Equal("process CPU up to 96 % of 2 cores (threshold 95 %)", period.Reason);
        Assert.Equal(0.96, period.MaxCpu, 3);

        // The run's last 50 ms at full CPU: too little of the second to judge it by.
        var brief = HarnessTimeline.Fold(Readings(0, 1, cpu: 0.5).Append(new HarnessSample(1050, 0.1, 0.1, 1, 50, 0)), 10);
        Assert.False(SaturationRule.IsSaturated(brief[1], Defaults));
        Assert.Empty(SaturationRule.Periods(brief, Defaults, cores: 2));
    }

    [Fact]
    public void CPU_is_weighted_by_the_time_each_reading_covers()
    {
        var seconds = HarnessTimeline.Fold([new HarnessSample(300, 0, 0, 1.0, 300, 0), new HarnessSample(999.9, 0, 0, 0.0, 700, 0)], 10);

        Assert.Equal(0.3, seconds[0].Cpu, 9);
        Assert.Equal(1000, seconds[0].WallMs);
    }

    [Fact]
    public void Lag_and_CPU_in_one_period_are_both_named()
    {
        var seconds = HarnessTimeline.Fold(Readings(0, 1, dispatchMs: 30, cpu: 0.99).Concat(Readings(1, 2, cpu: 0.99)), 10);

        var period = Assert.Single(SaturationRule.Periods(seconds, Defaults, cores: 4));

        Assert.Equal((0.0, 2.0), (period.StartS, period.EndS));
        Assert.Equal("thread-pool dispatch lag up to 30 ms (threshold 10 ms); process CPU up to 99 % of 4 cores (threshold 95 %)", period.Reason);
    }
}
