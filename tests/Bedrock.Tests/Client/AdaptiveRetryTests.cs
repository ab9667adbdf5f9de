using LoadTest.Core;
using System.Diagnostics;
using LoadTest.Bedrock.Client;
using Xunit.Abstractions;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class AdaptiveRetryTests(ITestOutputHelper output)
{
    private const double AdmittedPerSecond = 20;
    private const int Loops = 16;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Adaptive_mode_sends_clearly_fewer_requests_than_standard_into_a_throttling_endpoint()
    {
        // Each mode gets its own server (so its own URL, so its own process-wide retry quota).
        var standard = await DriveAsync(RetryMode.Standard);
        var adaptive = await DriveAsync(RetryMode.Adaptive);

        output.WriteLine($"standard: {standard}");
        output.WriteLine($"adaptive: {adaptive}");
        Assert.True(standard.ServerRequests > 0 && adaptive.ServerRequests > 0);

        // Both modes get roughly what the server admits; adaptive stops hammering it.
        Assert.True(adaptive.ServerRequests < standard.ServerRequests * 0.7, $"adaptive {adaptive.ServerRequests} vs standard {standard.ServerRequests}");

        // The reports account for every request the server saw.
        Assert.Equal(standard.ServerRequests, standard.ReportedAttempts);
        Assert.Equal(adaptive.ServerRequests, adaptive.ReportedAttempts);
    }

    [Fact]
    public async Task A_lone_call_waiting_for_a_send_token_gets_one_as_the_bucket_refills()
    {
        // One throttle switches the SDK's limiter on with an empty bucket; the retry must wait for
        // a token. AWSSDK.Core 4.0.x without AWS_NEW_RETRIES_2026 refilled the bucket only when the
        // wait began, so this call failed as ClientRateLimited after its 15 tries (~28 s). 4.1.0
        // refills on every try and no longer reads the variable; no test process sets it.
        await using var server = await LoopbackServer.FailingFirstAsync(1, (ctx, _) => Wire.Error(ctx, 429, "ThrottlingException", "Too many requests, please wait before trying again."));
        using var client = TestClients.For(server, RetryMode.Adaptive, maxAttempts: 3, timeout: TimeSpan.FromSeconds(10));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var clock = Stopwatch.StartNew();
        var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello(), deadline.Token);
        output.WriteLine($"succeeded after {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal([429, 200], result.Report.Attempts.Select(a => a.StatusCode));
        Assert.Equal(2, server.RequestCount);
    }

    private async Task<DriveResult> DriveAsync(RetryMode mode)
    {
        var bucket = new TestAdmission(AdmittedPerSecond, burst: 5);
        await using var server = await LoopbackServer.StartAsync((ctx, _) => bucket.TryAdmit()
            ? Wire.Json(ctx, Wire.ConverseJson)
            : Wire.Error(ctx, 429, "ThrottlingException", "Too many requests, please wait before trying again."));
        using var client = TestClients.For(server, mode, maxAttempts: 3, timeout: TimeSpan.FromSeconds(10));

        var clock = Stopwatch.StartNew();
        long calls = 0, ok = 0, attempts = 0;
        var loops = Enumerable.Range(0, Loops).Select(async _ =>
        {
            // Bounded in time and in count.
            for (var i = 0; i < 5_000 && clock.Elapsed < Window; i++)
            {
                Interlocked.Increment(ref calls);
                try
                {
                    var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());
                    Interlocked.Increment(ref ok);
                    Interlocked.Add(ref attempts, result.Report.AttemptCount);
                }
                catch (BedrockServiceException e)
                {
                    Interlocked.Add(ref attempts, e.Report.AttemptCount);
                }
            }
        });
        await Task.WhenAll(loops);
        return new DriveResult(mode, server.RequestCount, (int)attempts, (int)calls, (int)ok, clock.Elapsed);
    }

    private sealed record DriveResult(RetryMode Mode, int ServerRequests, int ReportedAttempts, int Calls, int Succeeded, TimeSpan Elapsed)
    {
        public override string ToString()
            => $"{ServerRequests} server requests ({ServerRequests / Elapsed.TotalSeconds:0.0}/s), {Calls} calls, {Succeeded} ok, {ReportedAttempts} attempts reported, {Elapsed.TotalSeconds:0.0} s";
    }
}
