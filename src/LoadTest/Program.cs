using LoadTest.Cli;

// Process-wide settings: they belong to the program, not to the libraries it uses. Each must be in
// place before the code it affects first runs, so they come first; a value the user exported wins.

// Socket completions run on the socket engine's own thread instead of hopping through the thread
// pool. A stream delta is a few hundred bytes of work; the hop was most of its cost and added the
// pool's queueing delay to every arrival timestamp. Measured with 250 concurrent one-token streams
// on one pinned core: harness CPU 0.78 -> 0.56 cores, harness-added TTFT error p99 42 -> 21 ms
// (docs/BENCHMARKS.md). Read when the first socket is made.
SetUnlessExported("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

// Open-model starts and request sends are handed to the thread pool. With the default minimum (one
// thread per core) the first requests of a run, JIT-compiling the SDK pipeline, left no thread free
// and the pool added one only every ~0.5 s: starts came 0.5-0.7 s late twice in the first 3 s
// (measured on 2 cores). A load generator owns its process while it runs, so raise the floor.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, Math.Max(32, Environment.ProcessorCount * 8)), io);

return await CliApp.RunAsync(args, Console.Out, Console.Error);

static void SetUnlessExported(string name, string value)
{
    if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
    {
        Environment.SetEnvironmentVariable(name, value);
    }
}
