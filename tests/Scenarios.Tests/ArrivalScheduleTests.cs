using LoadTest.Config;
using LoadTest.Scenarios.Load;

namespace LoadTest.Scenarios.Tests;

public sealed class ArrivalScheduleTests
{
    private static double[] Seconds(LoadPhase phase, int seed = 1)
        => ArrivalSchedule.Arrivals(phase, new Random(seed)).Select(t => t.TotalSeconds).ToArray();

    [Fact]
    public void Constant_600_rpm_for_20_s_starts_200_requests_every_100_ms()
    {
        var t = Seconds(new ConstantPhase(600, TimeSpan.FromSeconds(20)));

        Assert.Equal(200, t.Length);
        Assert.Equal(0, t[0], 9);
        Assert.All(t.Zip(t.Skip(1)), p => Assert.Equal(0.1, p.Second - p.First, 9));
        Assert.True(t[^1] < 20);
    }

    [Fact]
    public void Ramp_count_is_the_area_under_the_rate_line_and_gaps_shrink_as_the_rate_rises()
    {
        // 60 -> 600 rpm over 60 s: mean 330 rpm for one minute = 330 starts.
        var phase = new RampPhase(60, 600, TimeSpan.FromSeconds(60));
        var t = Seconds(phase);

        Assert.Equal(330, t.Length);
        var gaps = t.Zip(t.Skip(1), (a, b) => b - a).ToArray();
        Assert.InRange(gaps[0], 0.9, 1.0);              // about 1/s at the start (already rising)
        Assert.InRange(gaps[^1], 0.1, 0.11);            // about 10/s at the end
        Assert.All(gaps.Zip(gaps.Skip(1)), p => Assert.True(p.Second <= p.First + 1e-12));

        // The k-th start sits where the integral of the rate reaches k.
        for (var k = 0; k < t.Length; k += 37)
        {
            Assert.Equal(k, ArrivalSchedule.ExpectedBy(phase, TimeSpan.FromSeconds(t[k])), 4);
        }

        // Half-way through, fewer than half the starts have happened (the rate is still low).
        Assert.InRange(t.Count(x => x < 30), 97, 99);
        Assert.Equal(97.5, ArrivalSchedule.ExpectedBy(phase, TimeSpan.FromSeconds(30)), 6);
    }

    [Fact]
    public void Ramp_down_mirrors_ramp_up()
    {
        var up = Seconds(new RampPhase(120, 1200, TimeSpan.FromSeconds(30)));
        var down = Seconds(new RampPhase(1200, 120, TimeSpan.FromSeconds(30)));

        Assert.Equal(up.Length, down.Length);
        Assert.Equal(330, down.Length);
        var downGaps = down.Zip(down.Skip(1), (a, b) => b - a).ToArray();
        Assert.Equal(0.05, downGaps[0], 2);
        Assert.True(downGaps[^1] > 0.4);
    }

    [Fact]
    public void Ramp_from_zero_starts_at_zero_and_does_not_divide_by_zero()
    {
        var t = Seconds(new RampPhase(0, 120, TimeSpan.FromSeconds(60)));

        Assert.Equal(60, t.Length);
        Assert.Equal(0, t[0]);
        Assert.All(t, x => Assert.True(double.IsFinite(x) && x < 60));
    }

    [Fact]
    public void Poisson_has_the_mean_rate_exponential_gaps_and_is_reproducible_from_the_seed()
    {
        var phase = new PoissonPhase(6000, TimeSpan.FromSeconds(100)); // 100/s, 10,000 expected
        var a = Seconds(phase, seed: 42);
        var b = Seconds(phase, seed: 42);
        var c = Seconds(phase, seed: 43);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.InRange(a.Length, 9600, 10400);          // +- 4 sigma
        var gaps = a.Zip(a.Skip(1), (x, y) => y - x).ToArray();
        Assert.Equal(0.01, gaps.Average(), 3);
        // Exponential: about e^-1 of the gaps exceed the mean, unlike an even schedule where none do.
        Assert.InRange(gaps.Count(g => g > 0.01) / (double)gaps.Length, 0.33, 0.40);
        Assert.True(a.Zip(a.Skip(1)).All(p => p.Second >= p.First));
    }

    [Fact]
    public void Closed_model_and_pause_phases_have_no_schedule()
    {
        Assert.Empty(Seconds(new ConcurrencyPhase(20, TimeSpan.FromSeconds(10))));
        Assert.Empty(Seconds(new PausePhase(TimeSpan.FromSeconds(10))));
        Assert.False(new ConcurrencyPhase(20, TimeSpan.FromSeconds(10)).IsOpen);
        Assert.Equal(0, ArrivalSchedule.ExpectedBy(new PausePhase(TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Zero_rate_or_zero_duration_schedules_nothing()
    {
        Assert.Empty(Seconds(new ConstantPhase(0, TimeSpan.FromSeconds(10))));
        Assert.Empty(Seconds(new ConstantPhase(600, TimeSpan.Zero)));
        Assert.Empty(Seconds(new PoissonPhase(0, TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public void Duration_scale_shortens_phases_and_keeps_rates()
    {
        var full = new ConstantPhase(600, TimeSpan.FromMinutes(5));
        var short10 = (ConstantPhase)full.Scaled(0.1);

        Assert.Equal(TimeSpan.FromSeconds(30), short10.Duration);
        Assert.Equal(600, short10.RatePerMinute);
        Assert.Equal(300, Seconds(short10).Length);
        Assert.Equal(3000, Seconds(full).Length);

        var ramp = (RampPhase)new RampPhase(100, 500, TimeSpan.FromMinutes(2)).Scaled(0.5);
        Assert.Equal((100.0, 500.0), ramp.Rpm);
        Assert.Equal(TimeSpan.FromMinutes(1), ramp.Duration);
        Assert.Equal(TimeSpan.FromSeconds(3), ((PausePhase)new PausePhase(TimeSpan.FromSeconds(30)).Scaled(0.1)).Duration);
        Assert.Throws<ArgumentOutOfRangeException>(() => full.Scaled(0));
    }

    [Fact]
    public void Rate_at_a_time_follows_the_ramp()
    {
        var ramp = new RampPhase(100, 500, TimeSpan.FromSeconds(100));

        Assert.Equal(100, ArrivalSchedule.RpmAt(ramp, TimeSpan.Zero));
        Assert.Equal(300, ArrivalSchedule.RpmAt(ramp, TimeSpan.FromSeconds(50)));
        Assert.Equal(500, ArrivalSchedule.RpmAt(ramp, TimeSpan.FromSeconds(500)));
    }
}
