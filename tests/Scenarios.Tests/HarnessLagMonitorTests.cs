using LoadTest.Config;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Load;
using LoadTest.Scenarios.Measurement.Harness;
using LoadTest.Results;
using Xunit.Abstractions;

namespace LoadTest.Scenarios.Tests;

/// <summary>The monitor on the real clock and the real thread pool. Serial: it stalls the pool on purpose.</summary>
[Collection(TimingCollection.Name)]
public sealed class HarnessLagMonitorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_stalled_thread_pool_shows_as_a_saturated_period_covering_the_stall_while_the_monitor_keeps_sampling()
    {
        var time = TimeProvider.System;
        var startedAt = time.GetUtcNow();
        using var monitor = new HarnessLagMonitor(time, time.GetTimestamp(), SaturationSettings.Default);
        monitor.Start();
        await Task.Delay(400);

        // Read while the pool is still stalled: only a monitor that samples off the pool sees it now.
        HarnessStatus? during = null;
        var (from, to) = PoolStall.Run(TimeSpan.FromSeconds(1.2), () => during = monitor.Status((DateTimeOffset.UtcNow - startedAt).TotalMilliseconds));
        await Task.Delay(300);
        monitor.Stop();
        var summary = monitor.Summary();

        var fromS = (from - startedAt).TotalSeconds;
        var toS = (to - startedAt).TotalSeconds;
        output.WriteLine($"stall {fromS:0.000}-{toS:0.000} s; live status at its end {during}; periods: {string.Join("; ", summary.Periods.Select(p => $"{p.StartS}-{p.EndS} {p.Reason}"))}; lag p50 {summary.LagMs.P50} max {summary.LagMs.Max} ms; {summary.LagMs.Count} readings");

        Assert.NotNull(during);
        Assert.True(during.Saturated);
        Assert.True(during.LagMs >= 500, $"live lag {during.LagMs} ms at the end of a 1.2 s stall");
        Assert.True(summary.Saturated);

        // Covering the stall to within the rule's grain: a second counts once 100 ms of it lagged.
        Assert.Contains(summary.Periods, p => p.StartS <= fromS + 0.25 && p.EndS >= toS - 0.15 && p.MaxLagMs >= 500);
        Assert.True(summary.DispatchLagMs.Max >= 500, $"dispatch lag max {summary.DispatchLagMs.Max} ms");
        Assert.Equal(Environment.ProcessorCount, summary.Cores);
        Assert.InRange(summary.Cpu.Mean, 0, 1);
    }

    [Fact]
    public async Task Every_run_writes_the_harness_section_with_its_readings_and_thresholds()
    {
        var target = new TargetSettings { Saturation = new SaturationSettings { Lag = TimeSpan.FromMilliseconds(25), Cpu = 0.9 } };
        var dir = EngineFixture.Output();
        var summary = await new LoadEngine(new FakeSender(TimeSpan.FromMilliseconds(20))).RunAsync(EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(2))], target: target), dir);

        var harness = Assert.IsType<Results.HarnessSummary>(summary.Harness);
        Assert.Equal((25.0, 0.9, 50.0), (harness.LagThresholdMs, harness.CpuThreshold, harness.SampleIntervalMs));
        Assert.True(harness.LagMs.Count >= 10, $"{harness.LagMs.Count} readings in a 2 s run");
        Assert.Equal(harness.Periods.Count > 0, harness.Saturated);
        var written = SummaryJson.Read(dir.Summary).Harness;
        Assert.NotNull(written);
        Assert.Equal(harness.LagMs.Count, written.LagMs.Count);

        // The host's timer tick, measured once while the run went, written for the planner.
        Assert.True(harness.TimerTickMs > 0, "no timer tick measured");
        Assert.Equal(harness.TimerTickMs, written.TimerTickMs);
    }

    [Fact]
    public void The_timer_tick_is_the_coarse_clock_s_step_no_step_seen_on_it_is_shorter()
    {
        var tick = HostTimerTick.MeasureMs(TimeSpan.FromSeconds(1));
        output.WriteLine($"TickCount64 steps by {tick} ms on this host");

        // 1 ms (HZ=1000) to Windows' 15.625 ms, which TickCount64 shows as 15 or 16.
        Assert.InRange(tick, 1, 16);

        // Watched again: every step is at least the measured tick (a preempted reader sees two).
        var last = Environment.TickCount64;
        var steps = new List<long>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (steps.Count < 20 && watch.Elapsed < TimeSpan.FromSeconds(2))
        {
            var now = Environment.TickCount64;
            if (now != last)
            {
                steps.Add(now - last);
                last = now;
            }
        }

        Assert.True(steps.Count >= 5, $"{steps.Count} steps in 2 s");
        Assert.All(steps.Skip(1), step => Assert.True(step >= tick, $"a step of {step} ms against a measured tick of {tick} ms"));
        Assert.Contains((long)tick, steps.Skip(1));
    }

    [Fact]
    public void With_no_time_to_watch_the_tick_is_unknown()
        => Assert.Equal(0, HostTimerTick.MeasureMs(TimeSpan.Zero));
}
