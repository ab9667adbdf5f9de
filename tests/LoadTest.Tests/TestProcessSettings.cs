using System.Runtime.CompilerServices;

namespace LoadTest.Cli.Tests;

/// <summary>
/// The process-wide settings the `loadtest` program makes in its entry point (src/LoadTest/Program.cs),
/// made here for the test process, before any test builds an AWS SDK client.
/// </summary>
internal static class TestProcessSettings
{
#pragma warning disable CA2255 // A test assembly is the process's entry point for these settings.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        // The engine measures start lateness from the first request on; the `loadtest` entry point
        // raises the thread-pool floor for the same reason (see src/LoadTest/Program.cs).
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Math.Max(32, Environment.ProcessorCount * 8)), io);
    }
}
