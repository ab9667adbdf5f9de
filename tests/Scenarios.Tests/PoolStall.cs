namespace LoadTest.Scenarios.Tests;

/// <summary>
/// Makes the harness lag for real: fills every thread-pool thread (at least the pool's minimum,
/// which the engine raises, and every thread it has) and queues more work behind them, all held
/// until the calling thread has slept for the stall's length. Nothing queued on the pool runs
/// meanwhile, the harness's probes included. Also linked into the CLI tests.
/// </summary>
internal static class PoolStall
{
    /// <summary>Stalls the pool for <paramref name="length"/>; returns when the stall began and ended (UTC).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Run(TimeSpan length)
    {
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        var blockers = Math.Max(minWorkers, ThreadPool.ThreadCount) + (4 * Environment.ProcessorCount);
        var released = 0;
        using var finished = new CountdownEvent(blockers);
        var from = DateTimeOffset.UtcNow;
        for (var i = 0; i < blockers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                _ =>
                {
                    // Sleeping, not waiting on an event: the pool adds threads at once for a thread
                    // blocked in a wait it knows about, which ended a stall meant to last 1.2 s after 0.4 s.
                    while (Volatile.Read(ref released) == 0)
                    {
                        Thread.Sleep(10);
                    }

                    finished.Signal();
                },
                null);
        }

        // The caller's own thread keeps time: a timer would itself wait for the starved pool.
        Thread.Sleep(length);
        var to = DateTimeOffset.UtcNow;
        Volatile.Write(ref released, 1);
        finished.Wait(TimeSpan.FromSeconds(30));
        return (from, to);
    }
}
