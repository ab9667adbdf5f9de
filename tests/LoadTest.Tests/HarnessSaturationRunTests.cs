using System.Text.Json;
using LoadTest.Reports;
using LoadTest.Scenarios.Tests;
using Xunit.Abstractions;

namespace LoadTest.Cli.Tests;

/// <summary>Tests that stall the thread pool on purpose run alone, after the others, so they slow nobody else.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PoolStallCollection
{
    public const string Name = "pool stall";
}

/// <summary>`loadtest run` against the in-process emulator while the harness is made to lag for real.</summary>
[Collection(PoolStallCollection.Name)]
public sealed class HarnessSaturationRunTests(ITestOutputHelper output)
{
    private const string Config = """
        target: { kind: emulator, region: us-east-1, retry: { mode: none }, timeout: 20s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000, ttft: 100ms, prefillPer1kTokens: 0ms, outputTokensPerSecond: 200 }
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1, us-west-2]
          latencyScale: 1
          jitter: 0
        workloads:
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: converse-stream
            inputTokens: { fixed: 200 }
            outputTokens: { fixed: 20 }
            maxTokens: 64
        scenarios:
          - name: stalled
            load:
              - constant: { rpm: 600, during: 6s }
        """;

    [Fact]
    public async Task A_run_whose_thread_pool_stalls_for_a_second_names_the_period_in_summary_json_both_reports_the_progress_line_and_the_table()
    {
        var root = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "scenarios.yaml");
        await File.WriteAllTextAsync(config, Config);
        var outDir = Path.Combine(root, "out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var run = Task.Run(() => CliApp.RunAsync(["run", "--config", config, "--out", outDir], stdout, stderr));

        // requests.csv appears when the engine starts (the emulator is up by then); give the run a
        // second of ordinary load, then stall every pool thread for 1.2 s.
        for (var waited = 0; !File.Exists(Path.Combine(outDir, "requests.csv")) && waited < 60_000 && !run.IsCompleted; waited += 50)
        {
            await Task.Delay(50);
        }

        await Task.Delay(1000);
        var (from, to) = PoolStall.Run(TimeSpan.FromSeconds(1.2));
        var code = await run.WaitAsync(TimeSpan.FromMinutes(2));
        var text = stdout.ToString();
        output.WriteLine(text);
        Assert.True(code == ExitCodes.Passed, $"exit {code}\n{text}\n{stderr}");

        // summary.json: the harness section, saturated, with a period covering the stall.
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "summary.json")));
        var harness = json.RootElement.GetProperty("harness");
        Assert.True(harness.GetProperty("saturated").GetBoolean());
        Assert.Equal(10, harness.GetProperty("lagThresholdMs").GetDouble());
        var summary = RunReader.LoadSummary(outDir);
        var fromS = (from - summary.StartedAt).TotalSeconds;
        var toS = (to - summary.StartedAt).TotalSeconds;
        output.WriteLine($"stall {fromS:0.000}-{toS:0.000} s of the run");
        Assert.NotNull(summary.Harness);
        // Covering the stall to within the rule's grain: a second counts once 100 ms of it lagged.
        var period = Assert.Single(summary.Harness.Periods, p => p.StartS <= fromS + 0.25 && p.EndS >= toS - 0.15);
        Assert.True(period.MaxLagMs >= 500, $"max lag {period.MaxLagMs} ms in a 1.2 s stall");
        Assert.Contains("lag up to", period.Reason, StringComparison.Ordinal);
        var raw = harness.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("startS").GetDouble() == period.StartS);
        Assert.Equal(period.EndS, raw.GetProperty("endS").GetDouble());
        Assert.Equal(period.Reason, raw.GetProperty("reason").GetString());

        // report.html: the warning box names the period, and the charts shade it.
        var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
        Assert.Contains("<section id=\"harness-saturated\"", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{HarnessText.Span(period)}</td>", html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"saturated\"", html, StringComparison.Ordinal);

        // report.md: the warning paragraph with the period.
        var md = await File.ReadAllTextAsync(Path.Combine(outDir, "report.md"));
        Assert.Contains("> ⚠️ **Harness saturated.**", md, StringComparison.Ordinal);
        Assert.Contains("> - " + HarnessText.Period(period), md, StringComparison.Ordinal);

        // The progress line said so while it happened, and the end-of-run table and warning say so after.
        Assert.Contains("| HARNESS SATURATED lag ", text, StringComparison.Ordinal);
        Assert.Contains("harness lag p50 / p99 / max", text, StringComparison.Ordinal);
        Assert.Contains("HARNESS SATURATED: The harness was saturated", text, StringComparison.Ordinal);
        Assert.Contains("  " + HarnessText.Period(period), text, StringComparison.Ordinal);
    }
}
