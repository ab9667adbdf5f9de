using System.Globalization;
using System.Text.Json;

namespace LoadTest.Cli.Tests;

/// <summary>`loadtest run --timing-log`: what a benchmark joins with the emulator's own timing log.</summary>
public sealed class TimingLogTests
{
    // Paced streams of 20 one-token deltas at 400 tokens/s after 40 ms, both streaming APIs.
    private const string Config = """
        target: { kind: emulator, region: us-east-1, retry: { mode: none }, timeout: 10s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000, ttft: 40ms, prefillPer1kTokens: 0ms, outputTokensPerSecond: 400 }
        emulator:
          sourceRegion: us-east-1
          jitter: 0
          streamChunkTokens: 1
        workloads:
          - { name: cs, model: global.anthropic.claude-haiku-4-5-20251001-v1:0, api: converse-stream, inputTokens: { fixed: 20 }, outputTokens: { fixed: 20 }, maxTokens: 64 }
          - { name: is, model: global.anthropic.claude-haiku-4-5-20251001-v1:0, api: invoke-stream, inputTokens: { fixed: 20 }, outputTokens: { fixed: 20 }, maxTokens: 64 }
        scenarios:
          - name: streams
            load:
              - concurrency: { users: 4, during: 2s }
        """;

    [Fact]
    public async Task Every_ok_stream_has_a_line_with_one_arrival_per_output_token_matching_requests_csv()
    {
        var (dir, config) = await ConfigInTempDir();
        var log = Path.Combine(dir, "harness-timing.jsonl");

        var code = await CliApp.RunAsync(["run", "--config", config, "--out", Path.Combine(dir, "out"), "--timing-log", log], new StringWriter(), new StringWriter());

        Assert.Equal(0, code);
        var rows = File.ReadAllLines(Path.Combine(dir, "out", "requests.csv"));
        var header = rows[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var ok = rows.Skip(1).Select(r => r.Split(',')).Where(r => r[Col("outcome")] == "ok").ToDictionary(r => r[Col("requestId")]);
        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        Assert.True(ok.Count >= 8, $"{ok.Count} ok streams");
        Assert.Equal(ok.Count, lines.Count);
        Assert.Contains(lines, l => l.GetProperty("api").GetString() == "converse-stream");
        Assert.Contains(lines, l => l.GetProperty("api").GetString() == "invoke-stream");
        foreach (var line in lines)
        {
            var row = ok[line.GetProperty("requestId").GetString()!];
            var deltas = line.GetProperty("deltasUs").EnumerateArray().Select(d => d.GetInt64()).ToList();
            Assert.Equal(int.Parse(row[Col("outputTokens")], CultureInfo.InvariantCulture), deltas.Count);
            Assert.True(deltas.Zip(deltas.Skip(1)).All(p => p.Second >= p.First), "arrivals are in order");

            // The first arrival is the TTFT requests.csv reports (to its 0.001 ms rounding), and the
            // emulator paced it after its 40 ms time to first token (less the few milliseconds a
            // timer may fire early: the test is about where the stamp comes from, not the emulator).
            var ttftMs = double.Parse(row[Col("firstTokenMs")], CultureInfo.InvariantCulture) - double.Parse(row[Col("startedMs")], CultureInfo.InvariantCulture);
            Assert.InRange(deltas[0] / 1000.0 - ttftMs, -0.01, 0.01);
            Assert.True(deltas[0] >= 35_000, $"first delta at {deltas[0]} µs");
            Assert.True(line.GetProperty("startUs").GetInt64() > 0);
        }
    }

    [Fact]
    public async Task A_timing_log_that_cannot_be_written_is_bad_input()
    {
        var (dir, config) = await ConfigInTempDir();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["run", "--config", config, "--out", Path.Combine(dir, "out"), "--timing-log", dir], new StringWriter(), stderr);

        Assert.Equal(2, code);
        Assert.Contains("--timing-log", stderr.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(string Dir, string Config)> ConfigInTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "scenarios.yaml");
        await File.WriteAllTextAsync(config, Config);
        return (dir, config);
    }
}
