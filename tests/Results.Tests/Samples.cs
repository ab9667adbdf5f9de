namespace LoadTest.Results.Tests;

internal static class Samples
{
    private static readonly RequestFeatures Agent = new()
    {
        Thinking = new ThinkingUse { Tokens = 30_000, PerRequest = 120, QuotaShare = 0.25 },
        Sessions = new SessionUse { Count = 60, TurnsMean = 4.5, TurnsP95 = 9, ToolCallsPerSession = 1.5 },
        ToolCalls = 90,
        CacheReadShare = new CacheReadShare { Overall = 0.6, ByTurn = [new(1, 0, 60), new(2, 0.7, 55), new(20, 0.9, 3)] },
    };

    public static RunSummary Summary() => new()
    {
        Scenario = "नमस्ते · ap-south-1",
        Completed = true,
        StartedAt = new DateTimeOffset(2025, 10, 14, 9, 30, 0, TimeSpan.FromHours(5.5)),
        DurationSeconds = 300.125,
        Settings = new RunSettings
        {
            ConfigFile = "scenarios.yaml",
            Endpoint = null,
            Region = "ap-south-1",
            RetryMode = "adaptive",
            MaxAttempts = 4,
            FastFail = true,
            Seed = 42,
            DurationScale = 0.5,
            MaxInFlight = 512,
            Models = new Dictionary<string, ModelLimits> { ["global.anthropic.claude-sonnet-4-5-20250929-v1:0"] = new(2_000_000, null, 2_880_000_000, 5) },
            Mix = new Dictionary<string, double> { ["chat"] = 0.7, ["summarize"] = 0.3 },
        },
        Phases = [new(0, "constant", "baseline", 0, 60), new(1, "ramp", "ramp to 4x, \"then\" hold", 60, 120)],
        Requests = new RequestCounts { Scheduled = 1000, Sent = 990, Succeeded = 900, Failed = 90, Throttled = 80, Dropped = 10, Retries = 120, ThrottledAttempts = 200 },
        Rates = new Rates { OfferedRpm = 200, AchievedRpm = 180, ThrottleRate = 80 / 990.0, ErrorRate = 90 / 990.0 },
        LatencyMs = new Percentiles { Count = 990, P50 = 812.5, P90 = 1200, P95 = 1400.25, P99 = 2000, P999 = 2500, Max = 3100, Mean = 900.125 },
        TtftMs = new Percentiles { Count = 900, P50 = 280, P95 = 450 },
        TtfvtMs = new Percentiles { Count = 900, P50 = 800, P95 = 1500 },
        Features = Agent,
        Tokens = new TokenTotals { Input = 1_080_000, Output = 270_000, CacheRead = 1000, CacheWrite = 500, Quota = 2_430_500, Requests = 900 },
        QuotaTpm = new QuotaUse { Mean = 486_100, Peak = 648_000.5, Limit = null, Utilization = null },
        Outcomes = new Dictionary<string, long> { ["ok"] = 900, ["throttled"] = 80, ["timeout"] = 10, ["dropped"] = 10 },
        ErrorCodes = new Dictionary<string, long> { ["ThrottlingException"] = 50, ["ClientRateLimited"] = 30, ["(none)"] = 10 },
        ByWorkload = new Dictionary<string, GroupSummary>
        {
            ["chat"] = new() { Sent = 700, Succeeded = 650, LatencyMs = new Percentiles { Count = 700, P95 = 1300 } },
            ["agent"] = new() { Sent = 290, Succeeded = 250, TtfvtMs = new Percentiles { Count = 250, P95 = 1500 }, Features = Agent },
        },
        InferenceRegions = new Dictionary<string, long> { ["ap-south-1"] = 600, ["ap-southeast-1"] = 300 },
        Histograms = new Histograms { LatencyMs = [new(0, 500, 100), new(500, 1000, 700)] },
        Gates = [new GateResult { Expression = "p95(ttft) < 1s", Actual = 450, Threshold = 1000, Passed = true }, new GateResult { Expression = "throttle_rate < 1%", Actual = null, Threshold = 1, Passed = false, Message = "no \"samples\", none" }],
        Passed = false,
        Harness = new HarnessSummary { Saturated = true, Periods = [new(10, 12, 55.5, 0.97, "timer lag")], Cpu = new CpuUse(0.4, 0.97), Cores = 2 },
    };
}
