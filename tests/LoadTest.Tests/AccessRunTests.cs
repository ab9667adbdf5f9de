using System.Text.Json;
using System.Text.Json.Nodes;
using LoadTest.Cli;

namespace LoadTest.Cli.Tests;

/// <summary>
/// A rehearsal with emulator.iam fails the way the launch would: with the global part of the
/// three-part policy missing, every global request ends AccessDeniedException 403 after one
/// attempt (the SDK does not retry it) and the run reports it; with the full policy it succeeds.
/// </summary>
public sealed class AccessRunTests
{
    private static string Config(string policy) => $$"""
        target: { kind: emulator, region: ap-south-1, retry: { mode: standard, maxAttempts: 3 }, timeout: 10s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000 }
        emulator:
          sourceRegion: ap-south-1
          regions: [ap-south-1, us-east-1]
          latencyScale: 0
          iam:
            account: "111122223333"
            policies: [{{policy}}]
        workloads:
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: converse-stream
            inputTokens: { fixed: 200 }
            outputTokens: { fixed: 20 }
            maxTokens: 64
        scenarios:
          - name: quick
            mix: { chat: 1 }
            load:
              - constant: { rpm: 600, during: 3s }
        """;

    private static async Task<(int Code, string Out, JsonElement Summary)> RunAsync(string policy)
    {
        var dir = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "scenarios.yaml");
        await File.WriteAllTextAsync(config, Config(policy));
        var (code, stdout, stderr) = await CliRun.Run("run", "--config", config, "--out", Path.Combine(dir, "out"));
        Assert.True(File.Exists(Path.Combine(dir, "out", "summary.json")), $"exit {code}\n{stdout}\n{stderr}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "out", "summary.json")));
        return (code, stdout, summary.RootElement.Clone());
    }

    private static string Policy(string name) => RepositoryRoot.Path("docs", "access", name);

    [Fact]
    public async Task Without_the_global_part_every_request_is_AccessDenied_once_and_reported()
    {
        var doc = JsonNode.Parse(await File.ReadAllTextAsync(Policy("global-profile-policy-streaming.json")))!;
        var statements = doc["Statement"]!.AsArray();
        statements.RemoveAt(2);
        var policy = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n") + "-no-global.json");
        Directory.CreateDirectory(Path.GetDirectoryName(policy)!);
        await File.WriteAllTextAsync(policy, doc.ToJsonString());

        var (_, stdout, summary) = await RunAsync(policy);

        var requests = summary.GetProperty("requests");
        var sent = requests.GetProperty("sent").GetInt64();
        Assert.True(sent >= 20, $"sent {sent}");
        Assert.Equal(0, requests.GetProperty("succeeded").GetInt64());
        Assert.Equal(sent, requests.GetProperty("failed").GetInt64());
        Assert.Equal(sent, requests.GetProperty("attempts").GetInt64());
        Assert.Equal(sent, summary.GetProperty("errorCodes").GetProperty("AccessDeniedException").GetInt64());
        Assert.Contains("AccessDeniedException", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_full_policy_the_same_run_succeeds()
    {
        var (_, _, summary) = await RunAsync(Policy("global-profile-policy-streaming.json"));

        var requests = summary.GetProperty("requests");
        Assert.True(requests.GetProperty("sent").GetInt64() >= 20);
        Assert.Equal(requests.GetProperty("sent").GetInt64(), requests.GetProperty("succeeded").GetInt64());
        Assert.False(summary.GetProperty("errorCodes").TryGetProperty("AccessDeniedException", out _));
    }
}
