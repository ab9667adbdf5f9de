namespace LoadTest.Scenarios.Tests;

/// <summary>
/// Makes the harness lag for real: fills every thread-pool thread (at least the pool's minimum,
/// which the engine raises, and every thread it has) and queues more work behind them, all blocked
/// until the calling thread has slept for the stall's length. Nothing in the pool runs meanwhile,
/// the harness's probes included. Also linked into the CLI tests.
/// </summary>
internal static class PoolStall
{
    /// <summary>Stalls the pool for <paramref name="length"/>; returns when the stall began and ended (UTC).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Run(TimeSpan length)
    {
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        var blockers = Math.Max(minWorkers, ThreadPool.ThreadCount) + (4 * Environment.ProcessorCount);
        using var release = new ManualResetEventSlim(false);
        using var finished = new CountdownEvent(blockers);
        var from = DateTimeOffset.UtcNow;
        for (var i = 0; i < blockers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                _ =>
                {
                    release.Wait();
                    finished.Signal();
                },
                null);
        }

        // The caller's own thread keeps time: a timer would itself wait for the starved pool.
        Thread.Sleep(length);
        var to = DateTimeOffset.UtcNow;
        release.Set();
        finished.Wait(TimeSpan.FromSeconds(30));
        return (from, to);
    }
}
