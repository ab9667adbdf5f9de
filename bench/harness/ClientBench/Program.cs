using System.Diagnostics;
using System.Globalization;
using System.Text;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;

// Closed-loop Converse against a running emulator with N concurrent callers for a fixed time,
// without the harness engine: once with a bare HttpClient (same body, no signing) and once with
// BedrockRuntimeClient (AWSSDK.Core pipeline, SigV4, CallReport). Splits the harness's per-request
// cost into HTTP, the SDK client, and (by comparison with `loadtest run`) the engine.
// Usage: ClientBench <endpoint> [seconds=10] [callers=64] [loops=both|http|sdk]
// Per loop it prints req/s, CPU per request (process CPU time / completions) and bytes allocated
// per request (GC.GetTotalAllocatedBytes over the window / completions), after a 3 s warm-up.
var endpoint = new Uri(args[0]);
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
var loops = args.Length > 3 ? args[3] : "both";

// CLIENTBENCH_ALLOCATIONS=1: also print which types each measured window allocated (sampled).
using var sampler = Environment.GetEnvironmentVariable("CLIENTBENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
const string Model = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

var request = new ConverseRequest
{
    Messages = [new Message { Role = "user", Content = [ContentBlock.FromText("Suggest three gifts for Diwali under 2000 rupees, with one line each.")] }],
    InferenceConfig = new InferenceConfiguration { MaxTokens = 512, Temperature = 0.5f },
    RequestMetadata = new Dictionary<string, string> { ["loadtest-output-tokens"] = "100" },
};
var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request, BedrockJsonContext.Default.ConverseRequest);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers });
var path = new Uri(endpoint, $"/model/{Uri.EscapeDataString(Model)}/converse");
if (loops is "both" or "http")
{
    await Measure("HttpClient (no signing)", async () =>
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(path, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode && bytes.Length > 0;
    });
}

if (loops is "both" or "sdk")
{
    using var client = new BedrockRuntimeClient(new BedrockClientOptions { ServiceUrl = endpoint, RetryMode = RetryMode.None, MaxConnections = callers });
    await Measure("BedrockRuntimeClient", async () =>
    {
        var result = await client.ConverseAsync(Model, request);
        return result.Response.Usage.OutputTokens > 0;
    });
}

async Task Measure(string name, Func<Task<bool>> call)
{
    // Warm up (JIT, connections) for 3 s, then count completions for the measured window.
    foreach (var (window, report) in new[] { (3.0, false), (seconds, true) })
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        sampler?.Reset();
        var allocated0 = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        long ok = 0, failed = 0;
        var loops = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed.TotalSeconds < window)
            {
                if (await call())
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToArray();
        await Task.WhenAll(loops);
        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated0;
        if (report)
        {
            sampler?.PrintAndReset(name);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {ok / elapsed:F0} req/s, {failed} failed, {cpu / elapsed:F2} cores, {cpu * 1e6 / Math.Max(1, ok):F0} us CPU per request, {allocated / (double)Math.Max(1, ok):F0} B allocated per request ({callers} callers, {elapsed:F1} s)"));
        }
    }
}
