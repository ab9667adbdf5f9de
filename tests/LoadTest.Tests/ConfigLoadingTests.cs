using System.Net;
using System.Net.Sockets;
using LoadTest.Cli;

namespace LoadTest.Cli.Tests;

/// <summary>Every command reads scenarios.yaml through the one loader, so a mistake anywhere in it stops every command.</summary>
public sealed class ConfigLoadingTests
{
    // Aimed at real Bedrock, with an emulator: section it will never use, misspelt on line 7.
    private const string BedrockWithBadEmulator = """
        target: { kind: bedrock, region: us-east-1, retry: { mode: none }, timeout: 5s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000 }
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1]
          latencySacle: 0
        workloads:
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            inputTokens: { fixed: 20 }
            outputTokens: { fixed: 5 }
            maxTokens: 16
        scenarios:
          - name: quick
            load:
              - constant: { rpm: 600, during: 2s }
        """;

    private static Task<string> ConfigFile() => CliRun.ConfigFile(BedrockWithBadEmulator);

    private static async Task<(int Code, string Err)> Cli(params string[] args)
    {
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new StringWriter(), stderr);
        return (code, stderr.ToString());
    }

    [Fact]
    public async Task A_bad_emulator_key_stops_a_run_against_bedrock_before_anything_is_sent()
    {
        // A stand-in for Bedrock: any connection to it would mean a request was sent.
        using var bedrock = new TcpListener(IPAddress.Loopback, 0);
        bedrock.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)bedrock.LocalEndpoint).Port}";
        var config = await ConfigFile();
        var outDir = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));

        var (code, err) = await Cli("run", "--config", config, "--target", "bedrock", "--endpoint", endpoint, "--out", outDir);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{config}:7:3:", err, StringComparison.Ordinal);
        Assert.Contains("unknown key 'latencySacle' in 'emulator'; did you mean 'latencyScale'?", err, StringComparison.Ordinal);
        Assert.False(bedrock.Pending());
        Assert.False(Directory.Exists(outDir));
    }

    [Theory]
    [InlineData("emulator", "--port", "0", "--http2-port", "0")]
    [InlineData("plan", "--model", "global.anthropic.claude-haiku-4-5-20251001-v1:0", "--rpm", "10", "--input-tokens", "100", "--output-tokens", "10")]
    public async Task The_emulator_and_the_planner_refuse_the_same_file_the_same_way(string command, params string[] rest)
    {
        var config = await ConfigFile();
        var outDir = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));

        var (code, err) = await Cli([command, "--config", config, .. rest, .. command == "plan" ? new[] { "--out", outDir } : []]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{config}:7:3:", err, StringComparison.Ordinal);
        Assert.Contains("did you mean 'latencyScale'?", err, StringComparison.Ordinal);
    }
}
