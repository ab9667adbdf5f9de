using LoadTest.Core.Retry.Dotnet;

namespace LoadTest.Core.Tests.Retry;

/// <summary>When Task.Delay fires on a coarse clock: worked by hand on 4 ms ticks from time 0.</summary>
public sealed class DotnetTimerClockTests
{
    private const double Tick = 0.004;

    [Theory]
    [InlineData(1.0013, 2, 0.0027)]   // reading 1.000, due 1.002, fires on the 1.004 tick: 0.7 ms late
    [InlineData(1.0039, 1, 0.0001)]   // reading 1.000, due 1.001, fires on the 1.004 tick: 0.9 ms early
    [InlineData(1.0039, 4, 0.0001)]   // due 1.004 exactly: fires on that tick, 3.9 ms early
    [InlineData(1.0040, 4, 0.0040)]   // asked on a tick: due on a tick, fires after exactly the delay
    [InlineData(1.0041, 491, 0.4919)] // reading 1.004, due 1.495, fires on the 1.496 tick
    public void A_delay_counts_from_the_coarse_reading_and_fires_on_the_first_tick_that_reaches_its_due_time(double now, int delayMs, double expected)
        => Assert.Equal(expected, DotnetTimerClock.SecondsUntilFired(now, delayMs, Tick), 9);

    [Fact]
    public void Delays_started_within_one_tick_wake_together_on_a_tick()
    {
        // Delays of 250, 249 and 249 ms asked at 2.0001, 2.0017 and 2.0035 s all count from the
        // 2.000 reading, are due at 2.249-2.250 s and wake together on the 2.252 tick: from 1.9 ms
        // late to 0.5 ms early against the exact waits.
        var wakes = new[] { (2.0001, 250), (2.0017, 249), (2.0035, 249) }
            .Select(w => Math.Round(w.Item1 + DotnetTimerClock.SecondsUntilFired(w.Item1, w.Item2, Tick), 9))
            .Distinct()
            .ToList();
        Assert.Equal([2.252], wakes);
    }

    [Fact]
    public void An_exact_timer_fires_after_the_delay()
        => Assert.Equal(0.491, DotnetTimerClock.SecondsUntilFired(1.0013, 491, 0), 12);

    [Fact]
    public void Windows_default_ticks_are_15_625_ms()
    {
        // reading 0.015625, due 0.020625, fires at 0.03125.
        Assert.Equal(0.03125 - 0.02, DotnetTimerClock.SecondsUntilFired(0.02, 5, 0.015625), 9);
    }

    [Fact]
    public void Negative_delays_and_ticks_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DotnetTimerClock.SecondsUntilFired(0, -1, Tick));
        Assert.Throws<ArgumentOutOfRangeException>(() => DotnetTimerClock.SecondsUntilFired(0, 1, -Tick));
    }
}
