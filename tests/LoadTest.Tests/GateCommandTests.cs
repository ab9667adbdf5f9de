using System.Xml.Linq;
using LoadTest.Reports;
using LoadTest.Results;

namespace LoadTest.Cli.Tests;

public sealed class GateCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_failing_gate_exits_99_and_junit_names_the_gate_actual_and_threshold()
    {
        var dir = CliRunFixture.Write();

        var (code, output, _) = await Cli("gate", dir, "--gate", "throttle_rate < 1%");

        Assert.Equal(ExitCodes.GateFailed, code);
        Assert.Contains("FAIL  throttle_rate < 1%", output, StringComparison.Ordinal);
        var failure = Assert.Single(XDocument.Load(Path.Combine(dir, "junit.xml")).Descendants("failure"));
        var message = failure.Attribute("message")!.Value;
        Assert.Contains("throttle_rate < 1%", message, StringComparison.Ordinal);
        Assert.Contains("actual 11.9%", message, StringComparison.Ordinal);
        Assert.Contains("threshold 1%", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passing_run_exits_0_and_reevaluates_the_runs_own_gates()
    {
        var dir = CliRunFixture.Write(gates: ["p95(ttft) < 2s"]);

        var (code, output, _) = await Cli("gate", dir, "--gate", "throttle_rate < 15%", "--gate", "p99(latency){workload:support-chat} <= 5s");

        Assert.Equal(ExitCodes.Passed, code);
        Assert.Contains("all 3 gates passed", output, StringComparison.Ordinal);
        Assert.Equal(3, XDocument.Load(Path.Combine(dir, "junit.xml")).Descendants("testcase").Count());
    }

    [Fact]
    public async Task Gates_on_thinking_cache_reads_and_sessions_rejudge_a_result_folder()
    {
        var dir = CliRunFixture.Write(features: new RequestFeatures
        {
            Thinking = new ThinkingUse { Tokens = 90_000, PerRequest = 900, QuotaShare = 0.55 },
            Sessions = new SessionUse { Count = 30, TurnsMean = 6, TurnsP95 = 11, ToolCallsPerSession = 2.5 },
            CacheReadShare = new CacheReadShare { Overall = 0.7, ByTurn = [new(1, 0, 30), new(2, 0.8, 29)] },
        });

        var passing = await Cli("gate", dir, "--gate", "p95(ttfvt) < 3s", "--gate", "cache_read_share{workload:support-chat} > 0.6", "--gate", "turns_per_session < 8");
        Assert.Equal(ExitCodes.Passed, passing.Code);
        Assert.Contains("all 3 gates passed", passing.Out, StringComparison.Ordinal);

        var failing = await Cli("gate", dir, "--gate", "thinking_share{workload:support-chat} < 0.5", "--gate", "tool_calls_per_session <= 2");
        Assert.Equal(ExitCodes.GateFailed, failing.Code);
        var failures = XDocument.Load(Path.Combine(dir, "junit.xml")).Descendants("failure").Select(f => f.Attribute("message")!.Value).ToList();
        Assert.Contains(failures, m => m.Contains("thinking_share{workload:support-chat} < 0.5", StringComparison.Ordinal) && m.Contains("actual 55%", StringComparison.Ordinal));
        Assert.Contains(failures, m => m.Contains("tool_calls_per_session <= 2", StringComparison.Ordinal) && m.Contains("actual 2.5", StringComparison.Ordinal));
        Assert.Contains("| thinking_share{workload:support-chat} < 0.5", File.ReadAllText(Path.Combine(dir, "report.md")).Replace("`", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gate_on_a_feature_the_run_did_not_have_fails_and_says_so()
    {
        var dir = CliRunFixture.Write();

        var (code, output, _) = await Cli("gate", dir, "--gate", "thinking_share < 50%");

        Assert.Equal(ExitCodes.GateFailed, code);
        Assert.Contains("no request of the run reported thinking tokens", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_gate_is_refused_on_a_run_that_timed_no_steps_and_judged_on_one_that_did()
    {
        // A YAML run's folder: no steps, so a step gate could only fail; refused as `run` refuses it.
        var yaml = CliRunFixture.Write();
        var refused = await Cli("gate", yaml, "--gate", "p95(step:retrieve) < 200ms");
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Contains("gate 'p95(step:retrieve) < 200ms' is on step 'retrieve', but scenario 'diwali' is a YAML scenario", refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", refused.Out, StringComparison.Ordinal);

        // A C# run's folder with the step: judged, passing and failing on its p95 of 150 ms.
        var retrieve = new StepSummary { Count = 540, Succeeded = 540, LatencyMs = new Percentiles { Count = 540, P50 = 80, P90 = 130, P95 = 150, P99 = 190, Max = 240, Mean = 90 } };
        var csharp = CliRunFixture.Write(steps: new Dictionary<string, StepSummary> { ["retrieve"] = retrieve });
        Assert.Equal(ExitCodes.Passed, (await Cli("gate", csharp, "--gate", "p95(step:retrieve) < 200ms")).Code);
        var failing = await Cli("gate", csharp, "--gate", "p95(step:retrieve) < 100ms");
        Assert.Equal(ExitCodes.GateFailed, failing.Code);
        Assert.Contains("FAIL  p95(step:retrieve) < 100ms", failing.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_gate_exits_2_with_the_column_of_the_error()
    {
        var dir = CliRunFixture.Write();

        var (code, _, err) = await Cli("gate", dir, "--gate", "p95(ttft) < 2x");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("column 14", err, StringComparison.Ordinal);
        Assert.Contains("unknown unit 'x'", err, StringComparison.Ordinal);
        Assert.Contains("             ^", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baseline_gates_compare_with_the_baseline_run()
    {
        var baseline = CliRunFixture.Write();
        var slower = CliRunFixture.Write(slowdown: 1.3);

        var regressed = await Cli("gate", slower, "--baseline", baseline, "--gate", "p95(ttft) < baseline * 1.10");
        var same = await Cli("gate", baseline, "--baseline", baseline, "--gate", "p95(ttft) < baseline * 1.10");
        var missing = await Cli("gate", slower, "--gate", "p95(ttft) < baseline * 1.10");

        Assert.Equal(ExitCodes.GateFailed, regressed.Code);
        Assert.Equal(ExitCodes.Passed, same.Code);
        Assert.Equal(ExitCodes.BadInput, missing.Code);
        Assert.Contains("--baseline", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_that_is_not_a_run_exits_2()
    {
        var (code, _, err) = await Cli("gate", Directory.CreateTempSubdirectory().FullName, "--gate", "error_rate < 1%");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("summary.json", err, StringComparison.Ordinal);
    }
}

/// <summary>
/// A small diwali-shaped run on disk (baseline, ramp, spike with throttling), as the engine
/// leaves it: summary.json and timeseries.csv.
/// </summary>
internal static class CliRunFixture
{
    public static string Write(double slowdown = 1, IReadOnlyList<string>? gates = null, RequestFeatures? features = null, IReadOnlyDictionary<string, StepSummary>? steps = null)
    {
        var dir = Directory.CreateTempSubdirectory("loadtest-cli-").FullName;
        var rows = new List<TimeseriesRow>();
        for (var s = 0; s < 180; s++)
        {
            var phase = s < 60 ? 0 : s < 120 ? 1 : 2;
            var offered = phase switch { 0 => 5, 1 => 5 + (s - 60) / 4, _ => 25 };
            var throttled = phase == 2 ? 5 : 0;
            rows.Add(new TimeseriesRow
            {
                Second = s,
                Phase = phase,
                Offered = offered,
                Started = offered,
                Ok = offered - throttled,
                Throttled = throttled,
                ThrottledAttempts = throttled * 3,
                QuotaTokens = (offered - throttled) * 2700,
                LatencyP50Ms = 1200 * slowdown,
                LatencyP95Ms = 2000 * slowdown,
                LatencyP99Ms = 2600 * slowdown,
                TtftP50Ms = 400 * slowdown,
                TtftP95Ms = 700 * slowdown,
            });
        }

        long sent = rows.Sum(r => r.Started), throttledTotal = rows.Sum(r => r.Throttled);
        var latency = new Percentiles { Count = sent - throttledTotal, P50 = 1200 * slowdown, P90 = 1800 * slowdown, P95 = 2000 * slowdown, P99 = 2600 * slowdown, P999 = 3000 * slowdown, Max = 3500 * slowdown, Mean = 1300 * slowdown };
        var ttft = new Percentiles { Count = sent - throttledTotal, P50 = 400 * slowdown, P90 = 600 * slowdown, P95 = 700 * slowdown, P99 = 900 * slowdown, P999 = 1000 * slowdown, Max = 1200 * slowdown, Mean = 450 * slowdown };
        var ttfvt = features is null ? null : ttft with { P95 = 2_400 * slowdown };
        var group = new GroupSummary { Sent = sent, Succeeded = sent - throttledTotal, Throttled = throttledTotal, Failed = throttledTotal, AchievedRpm = sent / 3.0, ThrottleRate = throttledTotal / (double)sent, ErrorRate = throttledTotal / (double)sent, LatencyMs = latency, TtftMs = ttft, TtfvtMs = ttfvt, Features = features };
        var summary = new RunSummary
        {
            Scenario = "diwali",
            Completed = true,
            DurationSeconds = 180,
            StartedAt = new DateTimeOffset(2025, 10, 14, 9, 0, 0, TimeSpan.Zero),
            Phases = [new(0, "constant", "baseline", 0, 60), new(1, "ramp", "ramp to 4x", 60, 120), new(2, "constant", "spike 5x", 120, 180)],
            Requests = new RequestCounts { Scheduled = sent, Sent = sent, Succeeded = sent - throttledTotal, Failed = throttledTotal, Throttled = throttledTotal, ThrottledAttempts = throttledTotal * 3, Retries = throttledTotal * 2 },
            Rates = new Rates { OfferedRpm = sent / 3.0, AchievedRpm = sent / 3.0, ThrottleRate = throttledTotal / (double)sent, ErrorRate = throttledTotal / (double)sent },
            LatencyMs = latency,
            TtftMs = ttft,
            TtfvtMs = ttfvt,
            Features = features,
            Steps = steps,
            QuotaTpm = new QuotaUse { Mean = 40_000, Peak = 54_000, Limit = 60_000, Utilization = 0.9 },
            Outcomes = new Dictionary<string, long> { ["ok"] = sent - throttledTotal, ["throttled"] = throttledTotal },
            ErrorCodes = slowdown > 1
                ? new Dictionary<string, long> { ["ThrottlingException"] = throttledTotal / 5, ["ClientRateLimited"] = throttledTotal - (throttledTotal / 5) }
                : new Dictionary<string, long> { ["ThrottlingException"] = throttledTotal },
            ByWorkload = new Dictionary<string, GroupSummary> { ["support-chat"] = group },
            Gates = (gates ?? []).Select(g => new GateResult { Expression = g, Passed = true }).ToList(),
            Passed = true,
        };
        var folder = new ResultsDirectory(dir);
        folder.WriteSummary(summary);
        folder.WriteTimeseries(rows);
        return dir;
    }
}
