using System.Globalization;
using System.Text;

namespace LoadTest.Planner.Tests;

/// <summary>
/// Writes a results directory (requests.csv with the shared header, summary.json) of a run against
/// a quota-enforcing target, standing in for an emulator run until the engine and emulator land.
/// The "target" here is its own small token bucket (written independently of the shared one): it
/// starts full, refills continuously, reserves input + max_tokens x burndown at admission and
/// settles at completion; retries are off. Arrivals are Poisson, at one rate or at a rate per
/// segment (a step, a spike).
/// </summary>
internal static class SyntheticRun
{
    public const string Header = "id,scheduledMs,startedMs,firstByteMs,firstTokenMs,endedMs,phase,workload,model,api,outcome,errorCode,httpStatus,attempts,throttledAttempts,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,quotaTokens,maxTokens,inferenceRegion,requestId";

    public const string Model = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

    public sealed record Result(string Directory, int Requests, int Throttled)
    {
        public double ThrottleRate => (double)Throttled / Requests;
    }

    public static Result Create(string directory, long tpm, double rpm, double seconds, int seed, long maxTokens = 400)
        => Create(directory, tpm, [(seconds, rpm)], seed, maxTokens);

    /// <param name="segments">Consecutive stretches of Poisson arrivals: length in seconds and rate.</param>
    public static Result Create(string directory, long tpm, IReadOnlyList<(double Seconds, double Rpm)> segments, int seed, long maxTokens = 400)
    {
        var seconds = segments.Sum(s => s.Seconds);
        var rpm = segments.Sum(s => s.Seconds * s.Rpm) / seconds;
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        const int Burndown = 5;
        var level = (double)tpm;
        var refillPerSecond = tpm / 60.0;
        var last = 0.0;
        var inFlight = new PriorityQueue<long, double>();
        void RefillTo(double t)
        {
            level = Math.Min(tpm, level + ((t - last) * refillPerSecond));
            last = t;
        }

        var csv = new StringBuilder(Header + "\n");
        var t = 0.0;
        var id = 0;
        var throttled = 0;
        var segment = 0;
        var segmentEnd = segments[0].Seconds;
        while (true)
        {
            // Exponential gaps are memoryless: at a segment's end, start afresh at the next rate.
            var next = t + (-Math.Log(1 - random.NextDouble()) / (segments[segment].Rpm / 60.0));
            if (next >= segmentEnd)
            {
                if (++segment == segments.Count)
                {
                    break;
                }

                t = segmentEnd;
                segmentEnd += segments[segment].Seconds;
                continue;
            }

            t = next;

            id++;
            var chat = random.NextDouble() < 0.7;
            var input = chat ? random.Next(1_000, 3_000) : random.Next(4_000, 6_000);
            var output = chat ? random.Next(100, 300) : random.Next(300, 400);
            var latency = 0.5 + (output / 80.0);
            var reserved = input + (maxTokens * Burndown);
            var consumed = input + (output * Burndown);
            while (inFlight.TryPeek(out var refund, out var end) && end <= t)
            {
                inFlight.Dequeue();
                RefillTo(end);
                level = Math.Min(tpm, level + refund);
            }

            RefillTo(t);
            var ms = t * 1000;
            var workload = chat ? "chat" : "summarize";
            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            if (level >= reserved)
            {
                level -= reserved;
                inFlight.Enqueue(reserved - consumed, t + latency);
                csv.Append(CultureInfo.InvariantCulture, $"{id},{F(ms)},{F(ms)},{F(ms + 400)},{F(ms + 450)},{F(ms + (latency * 1000))},{segment},{workload},{Model},converse,ok,,200,1,0,{input},{output},0,0,{consumed},{maxTokens},us-east-1,req-{id}\n");
            }
            else
            {
                throttled++;
                csv.Append(CultureInfo.InvariantCulture, $"{id},{F(ms)},{F(ms)},,,{F(ms + 5)},{segment},{workload},{Model},converse,throttled,ThrottlingException,429,1,1,0,0,0,0,0,{maxTokens},,\n");
            }
        }

        File.WriteAllText(Path.Combine(directory, "requests.csv"), csv.ToString());
        var summary = $$"""
            {
              "schemaVersion": 1,
              "scenario": "synthetic-throttle",
              "completed": true,
              "durationSeconds": {{seconds.ToString(CultureInfo.InvariantCulture)}},
              "phases": [{{Phases(segments)}}],
              "settings": {
                "configFile": "scenarios.yaml",
                "target": "emulator",
                "retryMode": "none",
                "maxAttempts": 1,
                "seed": {{seed}},
                "models": {
                  "{{Model}}": { "tpm": {{tpm}}, "rpm": null, "tpd": null, "burndown": 5 }
                }
              },
              "rates": { "offeredRpm": {{rpm.ToString(CultureInfo.InvariantCulture)}}, "throttleRate": {{((double)throttled / id).ToString(CultureInfo.InvariantCulture)}} }
            }
            """;
        File.WriteAllText(Path.Combine(directory, "summary.json"), summary);
        return new Result(directory, id, throttled);
    }

    private static string Phases(IReadOnlyList<(double Seconds, double Rpm)> segments)
    {
        var start = 0.0;
        return string.Join(", ", segments.Select((s, i) =>
        {
            var json = string.Create(CultureInfo.InvariantCulture, $$"""{ "index": {{i}}, "kind": "poisson", "description": "poisson {{s.Rpm}} rpm for {{s.Seconds}}s", "startSeconds": {{start}}, "endSeconds": {{start + s.Seconds}} }""");
            start += s.Seconds;
            return json;
        }));
    }
}
