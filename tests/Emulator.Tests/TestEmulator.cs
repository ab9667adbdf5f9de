using LoadTest.Core;
using LoadTest.Config;

namespace LoadTest.Emulator.Tests;

/// <summary>Starts emulators for tests: from YAML (so the config path is exercised too), on ephemeral loopback ports.</summary>
internal static class TestEmulator
{
    public const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    public const string HaikuBase = "anthropic.claude-haiku-4-5-20251001-v1:0";

    public static EmulatorOptions Options(string yaml) => EmulatorConfig.FromConfig(ScenarioConfigLoader.Parse(yaml, "test.yaml"));

    public static Task<EmulatorServer> StartAsync(string yaml, Func<EmulatorOptions, EmulatorOptions>? tweak = null)
    {
        var options = Options(yaml);
        if (tweak is not null)
        {
            options = tweak(options);
        }

        return EmulatorServer.StartAsync(options, CancellationToken.None);
    }

    /// <summary>Instant answers, generous quotas, the default catalog otherwise.</summary>
    public const string Instant = """
        models:
          - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
            tpm: 1000000000
            rpm: 1000000
        emulator:
          latencyScale: 0
        """;

    /// <summary>
    /// Haiku with the given latency, served in us-east-1 only (no inter-Region round trip), in real
    /// time without jitter: every modelled delay is exact, for tests that check timing.
    /// </summary>
    public static string Paced(string ttft, string prefillPer1kTokens, int outputTokensPerSecond) => $$"""
        models:
          - id: {{Haiku}}
            ttft: {{ttft}}
            prefillPer1kTokens: {{prefillPer1kTokens}}
            outputTokensPerSecond: {{outputTokensPerSecond}}
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1]
          latencyScale: 1
          jitter: 0
        """;

    /// <summary>Walks up from the test binary to the repository root (where LoadTest.sln lives).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LoadTest.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LoadTest.sln not found above " + AppContext.BaseDirectory);
    }
}
