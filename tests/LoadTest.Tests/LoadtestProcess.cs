using System.Diagnostics;

namespace LoadTest.Cli.Tests;

/// <summary>
/// Starts the built `loadtest` as a process of its own, for tests that signal or kill it. It runs
/// under <c>env --default-signal=INT,TERM</c>: a test host started from a background job of a
/// non-interactive shell has SIGINT ignored, a child inherits that, and .NET keeps an inherited
/// ignore, so a Ctrl-C test would otherwise depend on how the test run was launched.
/// </summary>
internal static class LoadtestProcess
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "loadtest.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
