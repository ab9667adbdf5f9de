using LoadTest.Cli;

// Socket completions run on the socket engine's own thread instead of hopping through the thread
// pool. A stream delta is a few hundred bytes of work; the hop was most of its cost and added the
// pool's queueing delay to every arrival timestamp. Measured with 250 concurrent one-token streams
// on one pinned core: harness CPU 0.78 -> 0.56 cores, harness-added TTFT error p99 42 -> 21 ms
// (docs/BENCHMARKS.md). Must be set before the first socket exists, so it is the first statement;
// a value the user exported wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return await CliApp.RunAsync(args, Console.Out, Console.Error);
