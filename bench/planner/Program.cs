using System.Diagnostics;
using System.Globalization;
using LoadTest.Core;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Mix;
using LoadTest.Planner.Simulation;

// Times one throttling curve: 24 load points x N simulated requests (default 1,000,000) against a
// Sonnet-4.5-like global quota, drawing from a 5,000-request synthetic mix with max_tokens
// reservation and standard retries (the AWS SDK for .NET retry profile). Prints one line per run and the best time.
var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

// The client's retry mode: standard (default, the target's) or adaptive (the .NET limiter's waits, the slow case).
var mode = args.Length > 2 && args[2] == "adaptive" ? RetryMode.Adaptive : RetryMode.Standard;

var random = new Random(7);
var shapes = new RequestShape[5_000];
for (var i = 0; i < shapes.Length; i++)
{
    // Log-normal-ish token counts around 2,000 in / 400 out, 10 % of requests writing a cache prefix.
    var input = (long)Math.Exp(7.6 + (0.5 * Normal(random)));
    var output = Math.Min(4_096, (long)Math.Exp(6.0 + (0.6 * Normal(random))));
    var cacheWrite = random.NextDouble() < 0.1 ? 1_024 : 0;
    shapes[i] = new RequestShape(input, cacheWrite, output, 4_096, 0.6 + (output / 70.0));
}

const double Burndown = 5;
var meanQuota = shapes.Average(s => QuotaCost.Consumed(s.InputTokens, s.CacheWriteTokens, s.OutputTokens, Burndown));
var limits = QuotaLimits.Of(2_000_000, 2_000);

// Baseline at half the TPM quota so the 24 points run from 1/8 to 3x of it.
var baselineRpm = 0.5 * 2_000_000 / meanQuota;
var settings = new SimulationSettings { RequestsPerPoint = requests, Retry = new RetryProfileSettings(SdkFamily.Dotnet, mode, MaxAttempts: 3), Seed = 42 };
var simulator = new ThrottleSimulator(limits, Burndown, shapes, 1, settings);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"planner curve bench: 24 points x {requests:#,0} requests, {mode} retries, baseline {baselineRpm:0.#} RPM, {Environment.ProcessorCount} cores, {RuntimeInformationText()}"));
var best = double.MaxValue;
IReadOnlyList<CurvePoint> points = [];
for (var run = 1; run <= runs; run++)
{
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    points = simulator.Curve(baselineRpm);
    sw.Stop();
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    best = Math.Min(best, sw.Elapsed.TotalSeconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: {sw.Elapsed.TotalSeconds:0.000} s ({24.0 * requests / sw.Elapsed.TotalSeconds / 1e6:0.0} M simulated requests/s), CPU {cpu:0.000} s"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best: {best:0.000} s (target <= 2 s)"));
foreach (var p in points.Where((_, i) => i % 4 == 3))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {p.Multiplier,5:0.00}x  throttled {p.ThrottleRate * 100,6:0.00} % (refused on the client {p.ClientRefusalRate * 100,6:0.00} %)  accepted {p.AcceptedQuotaTpm,12:#,0} TPM"));
}

return best <= 2.0 ? 0 : 1;

static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
