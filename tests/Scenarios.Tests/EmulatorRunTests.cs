using LoadTest.Emulator;
using LoadTest.Config;
using LoadTest.Scenarios.Engine;
using LoadTest.Results;
using Xunit.Abstractions;

namespace LoadTest.Scenarios.Tests;

/// <summary>The engine through the real client against the in-process emulator, on loopback.</summary>
[Collection(TimingCollection.Name)]
public sealed class EmulatorRunTests(ITestOutputHelper output)
{
    private const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

    private static string Yaml(string models, string emulator, string retry, string workloads, string load) => $$"""
        target: { kind: emulator, region: us-east-1, retry: {{retry}}, timeout: 30s }
        models:
        {{models}}
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1, us-west-2, eu-west-1]
        {{emulator}}
        workloads:
        {{workloads}}
        scenarios:
          - name: t
            load:
        {{load}}
        """;

    private const string ChatWorkload = """
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: converse
            inputTokens: { fixed: 200 }
            outputTokens: { fixed: 20 }
            maxTokens: 64
        """;

    private async Task<(RunSummary Summary, ResultsDirectory Dir, EmulatorStatistics Stats)> RunAsync(string yaml)
    {
        var config = ScenarioConfigLoader.Parse(yaml, "test.yaml");
        await using var emulator = await EmulatorServer.StartAsync(EmulatorConfig.FromConfig(config) with { Http2Port = null });
        var run = LoadRunFactory.Create(config, new RunOverrides { Endpoint = emulator.Http1Url, Seed = 3 });
        using var pool = new BedrockClientPool();
        var sender = new BedrockRequestSender(pool.For(run.Scenario.Target), TargetKind.Emulator);
        var dir = EngineFixture.Output();
        var summary = await new LoadEngine(sender).RunAsync(run, dir);
        return (summary, dir, emulator.Statistics);
    }

    [Fact]
    public async Task Constant_600_rpm_for_20_s_with_zero_latency_achieves_600_rpm_within_2_percent()
    {
        var (summary, dir, stats) = await RunAsync(Yaml(
            "  - { id: " + Haiku + ", tpm: 100000000, rpm: 100000 }",
            "  latencyScale: 0",
            "{ mode: standard, maxAttempts: 3 }",
            ChatWorkload,
            "      - constant: { rpm: 600, during: 20s }"));

        var rows = CsvRows.Read(dir.Requests);
        var lateness = rows.Select(r => r.Number("startedMs") - r.Number("scheduledMs")).OrderBy(x => x).ToArray();
        output.WriteLine($"achieved {summary.Rates.AchievedRpm} rpm; latency p50 {summary.LatencyMs.P50} ms p99 {summary.LatencyMs.P99} ms; start lateness p99 {lateness[(int)(lateness.Length * 0.99) - 1]:0.###} ms");

        Assert.Equal(200, summary.Requests.Scheduled);
        Assert.InRange(summary.Rates.AchievedRpm, 588, 612);
        Assert.Equal(200, stats.Succeeded);
        Assert.All(rows, r => Assert.Equal(("ok", "200", "20"), (r["outcome"], r["inputTokens"], r["outputTokens"])));
        Assert.All(rows, r => Assert.Equal(200 + (20 * 5), r.Number("quotaTokens")));
        Assert.NotEmpty(summary.InferenceRegions);
        Assert.All(rows, r => Assert.NotEqual("", r["requestId"]));
    }

    [Fact]
    public async Task Against_2_s_latency_the_open_model_starts_on_schedule_and_20_users_settle_near_600_rpm()
    {
        var (summary, dir, _) = await RunAsync(Yaml(
            "  - { id: " + Haiku + ", tpm: 100000000, rpm: 100000, ttft: 2100ms, prefillPer1kTokens: 0ms, outputTokensPerSecond: 100000 }",
            "  latencyScale: 1\n  jitter: 0",
            "{ mode: standard, maxAttempts: 3 }",
            ChatWorkload.Replace("fixed: 20", "fixed: 1", StringComparison.Ordinal),
            "      - constant: { rpm: 600, during: 8s }\n      - concurrency: { users: 20, during: 10s }"));

        var rows = CsvRows.Read(dir.Requests);
        var open = rows.Where(r => r["phase"] == "0").ToList();
        var closed = rows.Where(r => r["phase"] == "1").ToList();
        var lateness = open.Select(r => r.Number("startedMs") - r.Number("scheduledMs")).OrderBy(x => x).ToArray();
        var p99 = lateness[(int)(lateness.Length * 0.99) - 1];
        var closedRpm = closed.Count / (10 / 60.0);
        output.WriteLine($"open {open.Count} starts, lateness p99 {p99:0.###} ms, latency p50 {summary.LatencyMs.P50} ms; closed {closed.Count} = {closedRpm:0} rpm");

        Assert.Equal(80, open.Count);
        Assert.All(open, r => Assert.Equal("ok", r["outcome"]));
        // 2.1 s (not 2 s) keeps each closed-model user's fifth request clear of the 10 s phase end.
        Assert.InRange(lateness[lateness.Length / 2], 0, 5);
        Assert.InRange(p99, 0, 100);
        Assert.All(open, r => Assert.InRange(r.Number("endedMs") - r.Number("scheduledMs"), 2090, 2800));
        Assert.InRange(closedRpm, 540, 630);
    }

    [Fact]
    public async Task A_quota_below_the_offered_load_throttles_counts_retries_and_adaptive_retry_sends_less()
    {
        string Config(string mode) => Yaml(
            "  - { id: " + Haiku + ", tpm: 100000000, rpm: 30 }",
            "  latencyScale: 0",
            $"{{ mode: {mode}, maxAttempts: 3 }}",
            ChatWorkload,
            "      - constant: { rpm: 600, during: 10s }");

        var (standard, standardDir, standardStats) = await RunAsync(Config("standard"));
        var (adaptive, _, adaptiveStats) = await RunAsync(Config("adaptive"));
        output.WriteLine($"standard: ok {standard.Requests.Succeeded} throttled {standard.Requests.Throttled} retries {standard.Requests.Retries} throttled attempts {standard.Requests.ThrottledAttempts}; emulator saw {standardStats.Requests} attempts");
        output.WriteLine("adaptive outcomes: " + string.Join(", ", adaptive.Outcomes.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}")));
        output.WriteLine($"adaptive: ok {adaptive.Requests.Succeeded} throttled {adaptive.Requests.Throttled} retries {adaptive.Requests.Retries} throttled attempts {adaptive.Requests.ThrottledAttempts}; emulator saw {adaptiveStats.Requests} attempts");

        // 100 requests offered in 10 s against 30 rpm: the bucket starts full (30) and refills 0.5/s,
        // so the early ones pass and retries of throttled ones compete with new ones.
        Assert.True(standard.Requests.Throttled > 0);
        Assert.True(standard.Requests.Retries > 0);
        Assert.True(standard.Requests.ThrottledAttempts >= standard.Requests.Throttled);
        Assert.Equal(standardStats.Requests, standard.Requests.Sent + standard.Requests.Retries);
        var rows = CsvRows.Read(standardDir.Requests);
        Assert.Contains(rows, r => r["outcome"] == "throttled" && r["errorCode"] == "ThrottlingException" && r["httpStatus"] == "429");

        // summary.json names every failed request's final error code, as requests.csv does.
        Assert.Equal(standard.Requests.Failed, standard.ErrorCodes.Values.Sum());
        Assert.Equal(rows.Count(r => r["errorCode"] == "ThrottlingException"), standard.ErrorCodes.GetValueOrDefault("ThrottlingException"));
        Assert.Equal(adaptive.Requests.Failed, adaptive.ErrorCodes.Values.Sum());
        Assert.True(adaptiveStats.Requests < standardStats.Requests, $"adaptive sent {adaptiveStats.Requests} attempts, standard {standardStats.Requests}");
    }
}
