using LoadTest.Cli;

namespace LoadTest.Library.Tests;

/// <summary>Where these tests' runs go, and the scenarios.yaml they share: one fast emulated model with room to spare.</summary>
internal static class LibraryRuns
{
    public const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

    public const string Yaml = $$"""
        target: { kind: emulator, region: us-east-1, retry: { mode: standard, maxAttempts: 3 }, timeout: 30s }
        models:
          - { id: {{Haiku}}, tpm: 100000000, rpm: 100000 }
        emulator:
          latencyScale: 0.05
        workloads:
          - name: chat
            model: {{Haiku}}
            api: converse
            inputTokens: { mean: 400, p95: 900 }
            outputTokens: { mean: 40, p95: 90 }
            maxTokens: 128
        scenarios:
          - name: chat-poisson
            mix: { chat: 1 }
            load:
              - poisson: { rpm: 600, during: 6s }
        """;

    public static string NewFolder(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "loadtest-library-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string WriteConfig()
    {
        var path = Path.Combine(NewFolder("config"), "scenarios.yaml");
        File.WriteAllText(path, Yaml);
        return path;
    }

    /// <summary>Runs `loadtest` in-process on a result folder, as a user would after the run; it must print nothing to stderr.</summary>
    public static async Task<(int Exit, string Stdout)> Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        Assert.Equal("", stderr.ToString());
        return (exit, stdout.ToString());
    }
}
