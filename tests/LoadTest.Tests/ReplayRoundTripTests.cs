using System.Globalization;
using LoadTest.Results;
using Xunit.Abstractions;

namespace LoadTest.Cli.Tests;

/// <summary>
/// Issue 13's round trip, through the commands a user types: a run on the built-in emulator with its
/// invocation log on, `loadtest import` of that log, then the imported `replay` scenario (and
/// `replay-4x`). The replay must send the requests the run sent, with each workload's token sizes
/// and each minute's rate.
/// </summary>
public sealed class ReplayRoundTripTests(ITestOutputHelper output) : IDisposable
{
    private const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    private const string Sonnet = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "replay-roundtrip-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Two minutes whose rates differ (a ramp, then a lower hold), three workloads on two models and
    // three APIs, quotas far above the load so that nothing is throttled and every request is logged.
    private string OriginalConfig(string logDir) => $$"""
        target: { kind: emulator, region: us-east-1, retry: { mode: none }, timeout: 20s }
        models:
          - { id: {{Haiku}}, tpm: 100000000, rpm: 100000 }
          - { id: {{Sonnet}}, tpm: 100000000, rpm: 100000 }
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1, us-west-2]
          latencyScale: 0
          logDir: {{logDir}}
        workloads:
          - name: chat
            model: {{Haiku}}
            api: converse-stream
            inputTokens: { mean: 800, p95: 2000 }
            outputTokens: { mean: 120, p95: 300 }
            maxTokens: 512
          - name: lookup
            model: {{Haiku}}
            api: invoke
            inputTokens: { mean: 300, p95: 600 }
            outputTokens: { mean: 40, p95: 100 }
            maxTokens: 128
          - name: documents
            model: {{Sonnet}}
            api: converse
            inputTokens: { mean: 3000, p95: 8000 }
            outputTokens: { mean: 300, p95: 700 }
            maxTokens: 1024
        scenarios:
          - name: original
            mix: { chat: 50, lookup: 30, documents: 20 }
            load:
              - ramp: { fromRpm: 120, toRpm: 480, during: 60s }
              - constant: { rpm: 150, during: 60s }
        """;

    private static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static List<RequestRecord> Requests(string resultsDir)
        => RequestsCsv.Read(Path.Combine(resultsDir, ResultsDirectory.RequestsFile)).ToList();

    /// <summary>Requests per minute, counted from the first request's start.</summary>
    private static Dictionary<int, int> PerMinute(IReadOnlyList<RequestRecord> rows, double speed = 1)
    {
        var first = rows.Min(r => r.StartedMs!.Value);
        return rows.GroupBy(r => (int)Math.Floor((r.StartedMs!.Value - first) * speed / 60_000))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private static Dictionary<(string Model, string Api), (double Input, double Output, int Count)> MeansByModelAndApi(IEnumerable<RequestRecord> rows)
        => rows.GroupBy(r => (r.Model, r.Api))
            .ToDictionary(g => g.Key, g => (g.Average(r => (double)r.InputTokens), g.Average(r => (double)r.OutputTokens), g.Count()));

    [Fact]
    public async Task A_recorded_run_imported_and_replayed_sends_the_same_requests_sizes_and_rates()
    {
        Directory.CreateDirectory(_dir);
        var logDir = Path.Combine(_dir, "log");
        var configPath = Path.Combine(_dir, "original.yaml");
        await File.WriteAllTextAsync(configPath, OriginalConfig(logDir));
        var originalDir = Path.Combine(_dir, "original");

        var (code, _, err) = await Cli("run", "--config", configPath, "--scenario", "original", "--out", originalDir);
        Assert.True(code == ExitCodes.Passed, err);
        var original = Requests(originalDir);
        Assert.All(original, r => Assert.Equal("ok", r.Outcome));

        var importDir = Path.Combine(_dir, "import");
        (code, var importOut, err) = await Cli("import", "--invocation-logs", logDir, "--config", configPath, "--out", importDir);
        Assert.True(code == ExitCodes.Passed, err);
        Assert.Contains("arrivals.csv", importOut, StringComparison.Ordinal);
        var rows = ArrivalsCsv.Read(Path.Combine(importDir, ArrivalsCsv.FileName)).ToList();
        Assert.Equal(original.Count, rows.Count);

        // The trace as recorded, at speed 1.
        var replayDir = Path.Combine(_dir, "replay");
        (code, _, err) = await Cli("run", "--config", Path.Combine(importDir, "scenarios.yaml"), "--scenario", "replay", "--out", replayDir);
        Assert.True(code == ExitCodes.Passed, err);
        var replay = Requests(replayDir);

        // Request count within 1 %.
        output.WriteLine($"requests: {original.Count} recorded, {rows.Count} rows, {replay.Count} replayed");
        Assert.InRange(replay.Count, original.Count * 0.99, original.Count * 1.01);

        // Per workload (model x API), mean input and output tokens within 3 %.
        var before = MeansByModelAndApi(original);
        var after = MeansByModelAndApi(replay);
        Assert.Equal(before.Keys.OrderBy(k => k.ToString()), after.Keys.OrderBy(k => k.ToString()));
        foreach (var (key, b) in before)
        {
            var a = after[key];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: input {b.Input:0.0} -> {a.Input:0.0}, output {b.Output:0.0} -> {a.Output:0.0}"));
            Assert.True(Math.Abs(a.Input - b.Input) <= 0.03 * b.Input, $"{key}: mean input {a.Input:0.0} replayed vs {b.Input:0.0} recorded");
            Assert.True(Math.Abs(a.Output - b.Output) <= 0.03 * b.Output, $"{key}: mean output {a.Output:0.0} replayed vs {b.Output:0.0} recorded");
        }

        // Requests per minute, minute by minute of the trace, within 5 %.
        var recordedMinutes = PerMinute(original);
        var replayedMinutes = PerMinute(replay);
        Assert.True(recordedMinutes.Count >= 2, "the original run spans two minutes");
        Assert.True(recordedMinutes[0] > recordedMinutes[1] * 1.3, $"the two minutes differ: {recordedMinutes[0]} vs {recordedMinutes[1]}");
        foreach (var (minute, count) in recordedMinutes.Where(m => m.Value >= 20))
        {
            var replayed = replayedMinutes.GetValueOrDefault(minute);
            output.WriteLine($"minute {minute}: {count} recorded, {replayed} replayed");
            Assert.True(Math.Abs(replayed - count) <= 0.05 * count, string.Create(CultureInfo.InvariantCulture, $"minute {minute}: {replayed} replayed vs {count} recorded"));
        }

        // replay-4x, over the first quarter of the trace (--duration-scale 0.25 plays its first quarter):
        // four times the requests the trace holds there, within 2 %.
        var fourDir = Path.Combine(_dir, "replay-4x");
        (code, _, err) = await Cli("run", "--config", Path.Combine(importDir, "scenarios.yaml"), "--scenario", "replay-4x", "--duration-scale", "0.25", "--out", fourDir);
        Assert.True(code == ExitCodes.Passed, err);
        var four = Requests(fourDir);
        var span = rows.Max(r => r.OffsetMs);
        var inQuarter = rows.Count(r => r.OffsetMs < (span + 1) * 0.25);
        output.WriteLine($"replay-4x over the first quarter: {inQuarter} rows, {four.Count} sent");
        Assert.True(inQuarter >= 50, $"{inQuarter} rows in the first quarter");
        Assert.InRange(four.Count, inQuarter * 4 * 0.98, inQuarter * 4 * 1.02);
    }
}
