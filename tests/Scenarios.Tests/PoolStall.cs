namespace LoadTest.Scenarios.Tests;

/// <summary>
/// Makes the harness lag for real: fills every thread the thread pool will start and queues more
/// work behind them, all held until the calling thread has slept for the stall's length. Nothing
/// queued on the pool runs meanwhile, the harness's probes included. Also linked into the CLI tests.
/// </summary>
internal static class PoolStall
{
    private const int MaxBlockers = 4096;

    /// <summary>
    /// Stalls the pool for <paramref name="length"/> and returns when the stall began and ended
    /// (UTC). <paramref name="beforeRelease"/> runs on the calling thread at the end, while the
    /// pool is still stalled.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) Run(TimeSpan length, Action? beforeRelease = null)
    {
        var released = 0;
        var blockers = 0;
        var started = 0;
        var finished = 0;
        void Blocker(object? state)
        {
            Interlocked.Increment(ref started);
            // Sleeping, not waiting on an event: the pool adds threads at once for a thread blocked
            // in a wait it knows about, which ended a 1.2 s stall after 0.4 s.
            while (Volatile.Read(ref released) == 0)
            {
                Thread.Sleep(10);
            }

            Interlocked.Increment(ref finished);
        }

        // The pool may start threads beyond its minimum and its current count at once (its goal,
        // raised by earlier load, is not visible): add blockers until a canary queued behind them
        // no longer runs.
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        var batch = Math.Max(minWorkers, ThreadPool.ThreadCount) + (4 * Environment.ProcessorCount);
        DateTimeOffset from;
        while (true)
        {
            from = DateTimeOffset.UtcNow;
            for (var i = 0; i < batch; i++, blockers++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(Blocker, null);
            }

            var canaryRan = 0;
            ThreadPool.UnsafeQueueUserWorkItem(_ => Volatile.Write(ref canaryRan, 1), null);
            // A canary that waits a quarter of a second has met a stalled pool (or a machine so
            // short of CPU that the harness lags anyway).
            Thread.Sleep(250);
            if (Volatile.Read(ref canaryRan) == 0)
            {
                break;
            }

            if (blockers > MaxBlockers)
            {
                throw new InvalidOperationException($"the thread pool kept up with {blockers} blocked work items");
            }

            batch = 16;
        }

        // The caller's own thread keeps time: a timer would itself wait for the starved pool. The
        // pool injects a thread now and then while work waits (starvation): each one takes a queued
        // blocker, so the queue is topped up until the stall's end, or the injected threads would
        // reach our probes and end the stall early (one stall of 1.45 s read as 0.95 s).
        var reserve = 4 * Environment.ProcessorCount;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < length)
        {
            for (var waiting = blockers - Volatile.Read(ref started); waiting < reserve && blockers < MaxBlockers; waiting++, blockers++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(Blocker, null);
            }

            var left = length - clock.Elapsed;
            Thread.Sleep(left < TimeSpan.FromMilliseconds(10) ? left.Duration() : TimeSpan.FromMilliseconds(10));
        }

        beforeRelease?.Invoke();
        var to = DateTimeOffset.UtcNow;
        Volatile.Write(ref released, 1);
        SpinWait.SpinUntil(() => Volatile.Read(ref finished) == blockers, TimeSpan.FromSeconds(30));
        return (from, to);
    }
}
