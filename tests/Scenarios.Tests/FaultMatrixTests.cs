using System.Text.Json;
using LoadTest.Config;
using LoadTest.Emulator;
using LoadTest.Results;
using LoadTest.Scenarios.Engine;
using Xunit.Abstractions;

namespace LoadTest.Scenarios.Tests;

/// <summary>
/// The fault matrix: the engine through the real client against the in-process emulator's fault
/// injection, one short run per fault. For each, the rows are classified as the fault implies, the
/// run goes on to its end, and the harness's counts reconcile exactly with the emulator's own
/// invocation log (cloudtrail.jsonl): every invocation the emulator logged is one attempt of one row,
/// every attempt of a row is one logged invocation, and every request id a row carries is logged once.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    private const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    private const string HaikuBase = "anthropic.claude-haiku-4-5-20251001-v1:0";

    /// <summary>One row of the fault matrix: what the emulator injects and what the run's rows must show.</summary>
    private sealed record FaultCase(
        string Api,
        string Emulator,
        Action<Observed> Check,
        string Model = Haiku,
        string Retry = "{ mode: standard, maxAttempts: 3 }",
        string Timeout = "10s",
        string Load = "constant: { rpm: 900, during: 3s }",
        TimeSpan? KillAfter = null);

    private sealed record Observed(RunSummary Summary, List<Dictionary<string, string>> Rows, List<LoggedInvocation> Log, double? KillMs);

    private sealed record LoggedInvocation(string RequestId, int Status, string? ErrorCode, long InputTokens, long OutputTokens);

    private static readonly Dictionary<string, FaultCase> Cases = new(StringComparer.Ordinal)
    {
        ["503 burst"] = new("converse", "  faults:\n    - { error: ServiceUnavailableException, rate: 0.6 }", o =>
        {
            // Each attempt fails at 60 %: the SDK retries, some requests get through, some run out of attempts.
            Assert.Contains(o.Rows, r => r["outcome"] == "ok" && r.Number("attempts") > 1);
            var failed = o.Rows.Where(r => r["outcome"] != "ok").ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Equal(("unavailable", "ServiceUnavailableException", "503", 3.0), (r["outcome"], r["errorCode"], r["httpStatus"], r.Number("attempts"))));
            Assert.Equal(o.Rows.Sum(r => r.Number("attempts")) - Ok(o), o.Log.Count(l => l.Status == 503 && l.ErrorCode == "ServiceUnavailableException"));
        }),
        ["429 storm exhausting the retry quota"] = new("converse", "  faults:\n    - { error: ThrottlingException, rate: 1 }", o =>
        {
            Assert.All(o.Rows, r => Assert.Equal(("throttled", "ThrottlingException", "429"), (r["outcome"], r["errorCode"], r["httpStatus"])));
            Assert.All(o.Rows, r => Assert.Equal(r["attempts"], r["throttledAttempts"]));
            Assert.All(o.Log, l => Assert.Equal((429, "ThrottlingException"), (l.Status, l.ErrorCode)));

            // The retry quota (the SDK's retry token bucket) runs dry: later requests give up before maxAttempts.
            Assert.Contains(o.Rows, r => r.Number("attempts") == 3);
            Assert.Contains(o.Rows, r => r.Number("attempts") < 3);
        }, Load: "constant: { rpm: 3000, during: 3s }"),
        ["mid-stream exception event"] = new("converse-stream", "  faults:\n    - { midStream: modelStreamErrorException, rate: 0.5 }", o =>
        {
            var failed = o.Rows.Where(r => r["outcome"] != "ok").ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Equal(("model-error", "ModelStreamErrorException", 1.0), (r["outcome"], r["errorCode"], r.Number("attempts"))));
            Assert.All(failed, r => Assert.True(r.Number("outputTokens") > 0, "the output before the exception is kept"));
            SameIds(o, failed, "ModelStreamErrorException");
        }),
        ["mid-stream throttle"] = new("converse-stream", "  faults:\n    - { midStream: throttlingException, rate: 0.5 }", o =>
        {
            var failed = o.Rows.Where(r => r["outcome"] != "ok").ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Equal(("throttled", "ThrottlingException", 1.0, 1.0), (r["outcome"], r["errorCode"], r.Number("attempts"), r.Number("throttledAttempts"))));
            SameIds(o, failed, "ThrottlingException");
        }),
        ["stall past the timeout"] = new("converse-stream", "  faults:\n    - { stall: 3s, rate: 0.3 }", o =>
        {
            var failed = o.Rows.Where(r => r["outcome"] != "ok").ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Equal(("timeout", "Timeout", 1.0), (r["outcome"], r["errorCode"], r.Number("attempts"))));
            Assert.All(failed, r => Assert.InRange(r.Number("endedMs") - r.Number("startedMs"), 900, 2900));
        }, Timeout: "1s", Load: "constant: { rpm: 600, during: 3s }"),
        ["stall past the timeout, whole answer"] = new("converse", "  faults:\n    - { stall: 3s, rate: 0.6 }", o =>
        {
            // No headers within the timeout: the SDK gives up on the attempt and may retry it.
            var failed = o.Rows.Where(r => r["outcome"] != "ok").ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Equal(("timeout", "Timeout", ""), (r["outcome"], r["errorCode"], r["httpStatus"])));
            Assert.Equal(o.Rows.Sum(r => r.Number("attempts")) - Ok(o), o.Log.Count(l => l.Status == 499));
        }, Timeout: "1s", Load: "constant: { rpm: 600, during: 3s }"),
        ["connection reset"] = new("converse", "  faults:\n    - { reset: true, rate: 0.3 }", o =>
        {
            // The SDK retries a dropped connection; a request fails only when every attempt was reset.
            Assert.Contains(o.Rows, r => r["outcome"] == "ok" && r.Number("attempts") > 1);
            Assert.All(o.Rows.Where(r => r["outcome"] != "ok"), r => Assert.Equal(("client-error", "ConnectionError", ""), (r["outcome"], r["errorCode"], r["httpStatus"])));
            Assert.Equal(o.Rows.Sum(r => r.Number("attempts")) - Ok(o), o.Log.Count(l => l.ErrorCode == "ConnectionReset"));
        }),
        ["truncated frame"] = new("converse-stream", "  faults:\n    - { truncateFrame: true, rate: 0.5 }", o =>
        {
            var failed = o.Rows.Where(r => r["outcome"] != "ok").ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Equal(("client-error", "ConnectionError", 1.0), (r["outcome"], r["errorCode"], r.Number("attempts"))));
            SameIds(o, failed, "TruncatedFrame");
        }),
        ["CRC corruption"] = new("invoke-stream", "  faults:\n    - { corruptCrc: true, rate: 0.5 }", o =>
        {
            var failed = o.Rows.Where(r => r["outcome"] != "ok").ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, r => Assert.Equal(("client-error", "EventStreamCorrupt", 1.0), (r["outcome"], r["errorCode"], r.Number("attempts"))));
            SameIds(o, failed, "CorruptFrame");
        }),
        ["Region outage"] = new("converse", "  outages:\n    - { region: us-east-1, from: 1s, to: 2s }", o =>
        {
            // A base model ID runs in the source Region only: during the outage every attempt is a 503.
            Assert.Contains(o.Log, l => (l.Status, l.ErrorCode) == (503, "ServiceUnavailableException"));
            Assert.All(o.Log.Where(l => l.ErrorCode is not null), l => Assert.Equal((503, "ServiceUnavailableException"), (l.Status, l.ErrorCode)));
            Assert.All(o.Rows.Where(r => r["outcome"] != "ok"), r => Assert.Equal(("unavailable", "ServiceUnavailableException", "503"), (r["outcome"], r["errorCode"], r["httpStatus"])));
            Assert.Contains(o.Rows, r => r.Number("attempts") > 1);

            // The window is measured from the emulator's start, which precedes the run's: after 2 s of
            // the run the Region is back, and every request is served at its first attempt.
            var after = o.Rows.Where(r => r.Number("startedMs") > 2300).ToList();
            Assert.NotEmpty(after);
            Assert.All(after, r => Assert.Equal(("ok", 1.0), (r["outcome"], r.Number("attempts"))));
            Assert.Equal(o.Rows.Sum(r => r.Number("attempts")) - Ok(o), o.Log.Count(l => l.Status == 503));
        }, Model: HaikuBase),
    };

    public static TheoryData<string> Faults => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Under_each_fault_rows_are_classified_the_run_goes_on_and_counts_match_the_emulators_log(string fault)
    {
        var c = Cases[fault];
        var o = await RunAsync(c);
        Report(fault, o);
        Assert.True(o.Summary.Completed, $"the run stopped: {o.Summary.StopReason}");
        Reconcile(o);
        c.Check(o);
    }

    [Fact]
    public async Task When_the_emulator_is_stopped_mid_run_the_run_goes_on_naming_the_connection_and_counts_match_what_the_emulator_saw()
    {
        var o = await RunAsync(new FaultCase("converse", "", _ => { }, KillAfter: TimeSpan.FromSeconds(1.5)));
        Report("emulator stopped", o);
        var kill = o.KillMs!.Value;
        Assert.True(o.Summary.Completed, $"the run stopped: {o.Summary.StopReason}");
        Assert.Equal(o.Summary.Requests.Scheduled, o.Rows.Count);
        Assert.Equal(o.Rows.Count, o.Rows.Select(r => r["id"]).Distinct().Count());

        // Before the stop every request was served at its first attempt; after it, nothing reaches
        // the target and every request fails with ConnectionError after all its attempts.
        var ok = o.Rows.Where(r => r["outcome"] == "ok").ToList();
        var failed = o.Rows.Where(r => r["outcome"] != "ok").ToList();
        Assert.NotEmpty(ok);
        Assert.NotEmpty(failed);
        Assert.All(ok, r => Assert.Equal(1.0, r.Number("attempts")));
        Assert.All(failed, r => Assert.Equal(("client-error", "ConnectionError", ""), (r["outcome"], r["errorCode"], r["httpStatus"])));
        Assert.All(o.Rows.Where(r => r.Number("scheduledMs") > kill + 100), r => Assert.Equal("client-error", r["outcome"]));

        // The emulator logged each served request once, under the id its row carries; besides
        // those, only a request cut off in flight by the stop (499) may be logged, and it is a failed row.
        var logged = o.Log.ToDictionary(l => l.RequestId, StringComparer.Ordinal);
        Assert.All(ok, r => Assert.True(logged.TryGetValue(r["requestId"], out var l) && l.ErrorCode is null, $"row {r["id"]} is not a success in the emulator's log"));
        Assert.Equal(ok.Count, o.Log.Count(l => l.ErrorCode is null));
        var cutOff = o.Log.Where(l => l.ErrorCode is not null).ToList();
        Assert.All(cutOff, l => Assert.Equal(499, l.Status));
        Assert.True(cutOff.Count <= failed.Count(r => r.Number("startedMs") <= kill), $"{cutOff.Count} requests cut off in flight but fewer failed rows started before the stop");
    }

    private static double Ok(Observed o) => o.Rows.Count(r => r["outcome"] == "ok");

    /// <summary>The failed rows are exactly the requests the emulator logged with <paramref name="errorCode"/>, by request id.</summary>
    private static void SameIds(Observed o, List<Dictionary<string, string>> failed, string errorCode)
        => Assert.Equal(
            o.Log.Where(l => l.ErrorCode == errorCode).Select(l => l.RequestId).Order(StringComparer.Ordinal),
            failed.Select(r => r["requestId"]).Order(StringComparer.Ordinal));

    /// <summary>What holds under every fault: one row per scheduled request, one logged invocation per attempt.</summary>
    private static void Reconcile(Observed o)
    {
        var rows = o.Rows;
        Assert.Equal(o.Summary.Requests.Scheduled, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r["id"]).Distinct().Count());
        Assert.DoesNotContain(rows, r => r["outcome"] == "dropped");

        // Every request the emulator saw is one attempt of one row, and every attempt reached it.
        Assert.Equal(o.Log.Count, o.Log.Select(l => l.RequestId).Distinct().Count());
        Assert.Equal(o.Log.Count, rows.Sum(r => (long)r.Number("attempts")));
        Assert.Equal(o.Log.Count, o.Summary.Requests.Sent + o.Summary.Requests.Retries);

        // Every request id a row carries was logged, once, and no two rows carry the same one.
        var logged = o.Log.ToDictionary(l => l.RequestId, StringComparer.Ordinal);
        var ids = rows.Select(r => r["requestId"]).Where(id => id.Length > 0).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(logged.ContainsKey(id), $"request id {id} is on a row but not in the emulator's log"));

        // A success is a success on both sides, with the same tokens; nothing else is.
        var ok = rows.Where(r => r["outcome"] == "ok").ToList();
        Assert.Equal(ok.Count, o.Log.Count(l => l.ErrorCode is null));
        Assert.All(ok, r =>
        {
            var l = logged[r["requestId"]];
            Assert.Equal((200, (string?)null, (long)r.Number("inputTokens"), (long)r.Number("outputTokens")), (l.Status, l.ErrorCode, l.InputTokens, l.OutputTokens));
        });

        // The summary counts the rows' outcomes.
        Assert.All(Outcomes.All, outcome => Assert.Equal(rows.Count(r => r["outcome"] == outcome), o.Summary.Outcomes.GetValueOrDefault(outcome)));
    }

    private void Report(string fault, Observed o)
    {
        var outcomes = string.Join(", ", o.Rows.GroupBy(r => $"{r["outcome"]}/{r["errorCode"]}/{r["attempts"]}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));
        var logged = string.Join(", ", o.Log.GroupBy(l => $"{l.Status}/{l.ErrorCode}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));
        output.WriteLine($"{fault}: {o.Rows.Count} rows (outcome/error/attempts: {outcomes}); emulator logged {o.Log.Count} ({logged})");
    }

    private static string Yaml(FaultCase c) => $$"""
        target: { kind: emulator, region: us-east-1, retry: {{c.Retry}}, timeout: {{c.Timeout}} }
        models:
          - { id: {{Haiku}}, tpm: 100000000, rpm: 100000 }
          - { id: {{HaikuBase}}, tpm: 100000000, rpm: 100000 }
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1, us-west-2]
          latencyScale: 0.02
          seed: 7
        {{c.Emulator}}
        workloads:
          - name: chat
            model: {{c.Model}}
            api: {{c.Api}}
            inputTokens: { fixed: 200 }
            outputTokens: { fixed: 40 }
            maxTokens: 64
        scenarios:
          - name: t
            load:
              - {{c.Load}}
        """;

    private static async Task<Observed> RunAsync(FaultCase c)
    {
        var config = ScenarioConfigLoader.Parse(Yaml(c), "faults.yaml");
        var logDir = Path.Combine(Path.GetTempPath(), "loadtest-tests", "emulator-" + Guid.NewGuid().ToString("n"));
        var emulator = await EmulatorServer.StartAsync(EmulatorConfig.FromConfig(config) with { Http2Port = null, LogDirectory = logDir });
        RunSummary summary;
        double? killMs = null;
        var dir = EngineFixture.Output();
        try
        {
            var run = LoadRunFactory.Create(config, new RunOverrides { Endpoint = emulator.Http1Url, Seed = 3 });
            using var pool = new BedrockClientPool();
            var sender = new BedrockRequestSender(pool.For(run.Scenario.Target), TargetKind.Emulator);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var running = new LoadEngine(sender).RunAsync(run, dir);
            if (c.KillAfter is { } after)
            {
                await Task.Delay(after);
                killMs = started.Elapsed.TotalMilliseconds;
                await emulator.DisposeAsync();
            }

            summary = await running;
        }
        finally
        {
            // Flushes the invocation log (a second dispose after a kill does nothing).
            await emulator.DisposeAsync();
        }

        var log = File.ReadLines(Path.Combine(logDir, "cloudtrail.jsonl")).Where(l => l.Length > 0).Select(l =>
        {
            var e = JsonDocument.Parse(l).RootElement;
            return new LoggedInvocation(
                e.GetProperty("requestId").GetString()!,
                e.GetProperty("httpStatus").GetInt32(),
                e.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null,
                e.GetProperty("inputTokens").GetInt64(),
                e.GetProperty("outputTokens").GetInt64());
        }).ToList();
        return new Observed(summary, CsvRows.Read(dir.Requests), log, killMs);
    }
}
