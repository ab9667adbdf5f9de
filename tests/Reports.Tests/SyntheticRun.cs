using LoadTest.Reports;
using LoadTest.Results;

namespace LoadTest.Reports.Tests;

/// <summary>
/// A synthetic, diwali-shaped run (baseline, 4x ramp, hold, 5x spike that hits the TPM quota,
/// decay) built with a seeded Random, so reports and gates are tested on realistic numbers.
/// </summary>
internal static class SyntheticRun
{
    public const string SonnetId = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
    public const string HaikuId = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

    private static readonly (string Kind, string Description, int Seconds, double FromRps, double ToRps)[] Shape =
    [
        ("constant", "baseline 1x", 60, 4, 4),
        ("ramp", "ramp to 4x", 60, 4, 16),
        ("constant", "hold 4x", 90, 16, 16),
        ("constant", "spike 5x", 45, 20, 20),
        ("ramp", "decay", 45, 20, 4),
    ];

    /// <summary>Builds the run; <paramref name="slowdown"/> scales latencies (1.25 = a 25 % slower build).</summary>
    public static (RunSummary Summary, IReadOnlyList<TimeseriesRow> Timeseries) Build(int seed = 7, double slowdown = 1.0)
    {
        var random = new Random(seed);
        var rows = new List<TimeseriesRow>();
        var phases = new List<PhaseWindow>();
        var second = 0;
        long scheduled = 0, ok = 0, throttled = 0, failed = 0, throttledAttempts = 0, quota = 0, input = 0, output = 0;
        var latencies = new List<double>();
        var ttfts = new List<double>();
        const long tpmLimit = 2_000_000;
        var window = new Queue<long>();
        long windowSum = 0;
        var started = new Queue<long>();
        long startedSum = 0;
        double peakTpm = 0;
        for (var p = 0; p < Shape.Length; p++)
        {
            var (kind, description, seconds, from, to) = Shape[p];
            phases.Add(new PhaseWindow(p, kind, description, second, second + seconds));
            for (var i = 0; i < seconds; i++, second++)
            {
                var rps = from + (to - from) * i / Math.Max(1, seconds - 1);
                var offered = (long)Math.Round(rps + (random.NextDouble() - 0.5) * 2);

                // Quota pressure: above ~80 % of the TPM limit, a growing share of requests is throttled.
                var pressure = windowSum / (double)tpmLimit;
                var throttleShare = pressure > 0.8 ? Math.Min(0.6, (pressure - 0.8) * 2.5) : 0;
                var rowThrottled = (long)Math.Round(offered * throttleShare);
                var rowFailed = random.NextDouble() < 0.03 ? 1L : 0L;
                var rowOk = Math.Max(0, offered - rowThrottled - rowFailed);
                var rowQuota = rowOk * (1200 + 5 * 300) + random.Next(0, 2000);
                window.Enqueue(rowQuota);
                windowSum += rowQuota;
                if (window.Count > 60)
                {
                    windowSum -= window.Dequeue();
                }

                started.Enqueue(offered);
                startedSum += offered;
                if (started.Count > 60)
                {
                    startedSum -= started.Dequeue();
                }

                peakTpm = Math.Max(peakTpm, windowSum);
                var load = 1 + rps / 20.0 + throttleShare * 2;
                var p50 = (900 + random.Next(0, 120)) * load * slowdown;
                var t50 = (280 + random.Next(0, 40)) * load * slowdown;
                for (var k = 0; k < rowOk; k++)
                {
                    latencies.Add(p50 * (0.6 + random.NextDouble() * 0.9));
                    ttfts.Add(t50 * (0.6 + random.NextDouble() * 0.9));
                }

                rows.Add(new TimeseriesRow
                {
                    Second = second,
                    Phase = p,
                    Offered = offered,
                    Started = offered,
                    Ok = rowOk,
                    Throttled = rowThrottled,
                    Failed = rowFailed,
                    ThrottledAttempts = rowThrottled * 3,
                    InFlight = (long)(offered * p50 / 1000),
                    QuotaTokens = rowQuota,
                    InputTokens = rowOk * 1200,
                    OutputTokens = rowOk * 300,
                    LatencyP50Ms = p50,
                    LatencyP95Ms = p50 * 1.6,
                    LatencyP99Ms = p50 * 2.1,
                    TtftP50Ms = t50,
                    TtftP95Ms = t50 * 1.7,

                    // The recorder's minute window over a run longer than a minute: the last 60 s.
                    QuotaTpm = windowSum,
                    Rpm = startedSum,
                });
                scheduled += offered;
                ok += rowOk;
                throttled += rowThrottled;
                failed += rowFailed;
                throttledAttempts += rowThrottled * 3;
                quota += rowQuota;
                input += rowOk * 1200;
                output += rowOk * 300;
            }
        }

        var sent = scheduled;
        var minutes = second / 60.0;
        var latency = Percentiles(latencies);
        var ttft = Percentiles(ttfts);
        var summary = new RunSummary
        {
            Scenario = "diwali",
            Completed = true,
            StartedAt = new DateTimeOffset(2025, 10, 14, 9, 30, 0, TimeSpan.Zero),
            DurationSeconds = second,
            Settings = new RunSettings
            {
                ConfigFile = "scenarios.yaml",
                Target = "emulator",
                Endpoint = "http://127.0.0.1:5599",
                Region = "ap-south-1",
                RetryMode = "standard",
                MaxAttempts = 4,
                Seed = seed,
                MaxInFlight = 512,
                Models = new Dictionary<string, ModelLimits>
                {
                    [SonnetId] = new(1_500_000, 1_000, 2_160_000_000, 5),
                    [HaikuId] = new(500_000, 1_000, 720_000_000, 5),
                },
                Mix = new Dictionary<string, double> { ["support-chat"] = 0.7, ["doc-summary"] = 0.3 },
            },
            Phases = phases,
            Requests = new RequestCounts
            {
                Scheduled = scheduled,
                Sent = sent,
                Succeeded = ok,
                Failed = throttled + failed,
                Throttled = throttled,
                Retries = throttledAttempts - throttled,
                ThrottledAttempts = throttledAttempts,
            },
            Rates = new Rates
            {
                OfferedRpm = scheduled / minutes,
                AchievedRpm = sent / minutes,
                ThrottleRate = throttled / (double)sent,
                ErrorRate = (throttled + failed) / (double)sent,
            },
            LatencyMs = latency,
            TtftMs = ttft,
            ItlMs = new Percentiles { Count = ok * 299, P50 = 18, P90 = 24, P95 = 27, P99 = 41, P999 = 80, Max = 160, Mean = 19.5 },
            TpotMs = new Percentiles { Count = ok, P50 = 19, P90 = 23, P95 = 25, P99 = 33, P999 = 50, Max = 61, Mean = 19.9 },
            Tokens = new TokenTotals { Input = input, Output = output, Quota = quota, CacheRead = input / 10, CacheWrite = input / 50 },
            QuotaTpm = new QuotaUse { Mean = quota / minutes, Peak = peakTpm, Limit = tpmLimit, Utilization = peakTpm / tpmLimit },
            Outcomes = new Dictionary<string, long>
            {
                [Outcomes.Ok] = ok,
                [Outcomes.Throttled] = throttled,
                [Outcomes.Unavailable] = failed,
            },
            ErrorCodes = new Dictionary<string, long>
            {
                ["ThrottlingException"] = throttled / 3,
                ["ClientRateLimited"] = throttled - (throttled / 3),
                ["ServiceUnavailableException"] = failed,
            },
            ByWorkload = new Dictionary<string, GroupSummary>
            {
                ["support-chat"] = Group(sent * 7 / 10, ok * 7 / 10, throttled * 7 / 10, minutes, latency, ttft),
                ["doc-summary"] = Group(sent * 3 / 10, ok * 3 / 10, throttled * 3 / 10, minutes, Scale(latency, 1.8), Scale(ttft, 1.4)),
            },
            ByModel = new Dictionary<string, GroupSummary>
            {
                [SonnetId] = Group(sent * 3 / 4, ok * 3 / 4, throttled * 3 / 4, minutes, latency, ttft),
                [HaikuId] = Group(sent / 4, ok / 4, throttled / 4, minutes, Scale(latency, 0.6), Scale(ttft, 0.7)),
            },
            InferenceRegions = new Dictionary<string, long>
            {
                ["ap-south-1"] = ok * 55 / 100,
                ["ap-southeast-1"] = ok * 20 / 100,
                ["us-east-1"] = ok * 15 / 100,
                ["eu-west-1"] = ok - ok * 90 / 100,
            },
            Histograms = new Histograms { LatencyMs = Histogram(latencies), TtftMs = Histogram(ttfts) },
        };
        return (summary, rows);
    }

    /// <summary>Writes summary.json and timeseries.csv (what the engine leaves behind) into <paramref name="directory"/>.</summary>
    public static RunSummary WriteDataFiles(string directory, int seed = 7, double slowdown = 1.0, IReadOnlyList<GateResult>? gates = null)
    {
        var (summary, rows) = Build(seed, slowdown);
        if (gates is not null)
        {
            summary = summary with { Gates = gates, Passed = gates.All(g => g.Passed) };
        }
        else
        {
            summary = summary with { Passed = true };
        }

        Directory.CreateDirectory(directory);
        var folder = new ResultsDirectory(directory);
        folder.WriteSummary(summary);
        folder.WriteTimeseries(rows);
        return summary;
    }

    private static GroupSummary Group(long sent, long ok, long throttled, double minutes, Percentiles latency, Percentiles ttft) => new()
    {
        Sent = sent,
        Succeeded = ok,
        Throttled = throttled,
        Failed = sent - ok,
        AchievedRpm = sent / minutes,
        ThrottleRate = throttled / (double)sent,
        ErrorRate = (sent - ok) / (double)sent,
        LatencyMs = latency,
        TtftMs = ttft,
        Tokens = new TokenTotals { Input = ok * 1200, Output = ok * 300, Quota = ok * 2700 },
    };

    private static Percentiles Scale(Percentiles p, double f) => p with
    {
        P50 = p.P50 * f, P90 = p.P90 * f, P95 = p.P95 * f, P99 = p.P99 * f, P999 = p.P999 * f, Max = p.Max * f, Mean = p.Mean * f,
    };

    private static Percentiles Percentiles(List<double> values)
    {
        var sorted = values.Order().ToList();
        double Q(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
        return new Percentiles
        {
            Count = sorted.Count,
            P50 = Q(0.5),
            P90 = Q(0.9),
            P95 = Q(0.95),
            P99 = Q(0.99),
            P999 = Q(0.999),
            Max = sorted[^1],
            Mean = sorted.Average(),
        };
    }

    private static List<HistogramBin> Histogram(List<double> values)
    {
        const double width = 100;
        var bins = new List<HistogramBin>();
        var max = values.Max();
        for (var from = 0.0; from <= max; from += width)
        {
            var lo = from;
            bins.Add(new HistogramBin(lo, lo + width, values.Count(v => v >= lo && v < lo + width)));
        }

        return bins;
    }
}
