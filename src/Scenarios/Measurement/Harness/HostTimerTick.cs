using System.Diagnostics;

namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>
/// The step of this host's coarse clock (<c>Environment.TickCount64</c>), on which .NET timers,
/// <c>Task.Delay</c> among them, count their due times: the tick the AWS SDK's adaptive limiter
/// waits wake on (<see cref="Core.Retry.Dotnet.DotnetTimerClock"/>), so the planner can replay a
/// run's client as it ran on this host.
/// </summary>
public static class HostTimerTick
{
    private const int Steps = 3;

    private static double _measured;

    /// <summary>
    /// This host's tick, measured once per process (a host fact: a process that runs many runs,
    /// as the library does, watches the clock once); 0 when it could not be read, and then the
    /// next caller tries again.
    /// </summary>
    public static double OfThisHost
    {
        get
        {
            var tick = Volatile.Read(ref _measured);
            if (tick > 0)
            {
                return tick;
            }

            tick = MeasureMs(TimeSpan.FromMilliseconds(200));
            Volatile.Write(ref _measured, tick);
            return tick;
        }
    }

    /// <summary>
    /// Watches the clock for <see cref="Steps"/> whole steps (about 12 ms at 4 ms ticks, 47 ms on
    /// Windows' 15.6 ms) and returns the shortest, in milliseconds: a thread that was preempted
    /// sees a step of two ticks, never one shorter than a tick. 0 when the clock did not move
    /// <see cref="Steps"/> times within <paramref name="budget"/>.
    /// </summary>
    public static double MeasureMs(TimeSpan budget)
    {
        var watch = Stopwatch.StartNew();
        var last = Environment.TickCount64;
        long shortest = long.MaxValue;
        var seen = -1; // the first change ends a partial step
        while (seen < Steps && watch.Elapsed < budget)
        {
            var now = Environment.TickCount64;
            if (now == last)
            {
                Thread.SpinWait(20);
                continue;
            }

            if (seen >= 0)
            {
                shortest = Math.Min(shortest, now - last);
            }

            seen++;
            last = now;
        }

        return seen < Steps ? 0 : shortest;
    }
}
