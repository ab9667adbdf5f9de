using System.Collections.Concurrent;
using System.Diagnostics;
using LoadTest.Bedrock.Client;
using Xunit.Abstractions;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>
/// Adaptive retry mode against a quota far below the offered load (the emulator's 30 RPM case):
/// the SDK's own rate limiter refuses to send some requests after waiting for a send token. That
/// is real SDK behaviour, so the client must report it as such, not as a generic error.
/// </summary>
public sealed class AdaptiveQuotaStarvationTests(ITestOutputHelper output)
{
    private const double AdmittedPerSecond = 0.5;
    private const int Callers = 40;
    private static readonly TimeSpan ArrivalGap = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Requests_the_adaptive_rate_limiter_refuses_are_ClientRateLimited_with_their_real_attempt_count()
    {
        var bucket = new TestAdmission(AdmittedPerSecond, burst: 2);
        await using var server = await LoopbackServer.StartAsync((ctx, _) => bucket.TryAdmit()
            ? Wire.Json(ctx, Wire.ConverseJson)
            : Wire.Error(ctx, 429, "ThrottlingException", "Too many requests, please wait before trying again."));
        using var client = TestClients.For(server, RetryMode.Adaptive, maxAttempts: 3, timeout: TimeSpan.FromSeconds(10));
        Assert.True(BedrockRuntimeClient.SdkNewRetries2026, "the SDK's token bucket would not refill while waiting");

        // Bounded: the SDK gives up on a send token after 15 waits, each at most 1/0.5 s.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentBag<Outcome>();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async i =>
        {
            await Task.Delay(ArrivalGap * i, deadline.Token);
            var started = clock.Elapsed;
            try
            {
                var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello(), deadline.Token);
                outcomes.Add(new Outcome("ok", result.Report.AttemptCount, clock.Elapsed - started, null));
            }
            catch (BedrockServiceException e)
            {
                outcomes.Add(new Outcome(e.ErrorCode, e.Report.AttemptCount, clock.Elapsed - started, e));
            }
        }));

        foreach (var group in outcomes.GroupBy(o => (o.Code, o.Attempts)).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key.Code} after {group.Key.Attempts} attempts: x{group.Count()}, {group.Min(o => o.Elapsed.TotalSeconds):0.0}-{group.Max(o => o.Elapsed.TotalSeconds):0.0} s");
        }

        output.WriteLine($"server saw {server.RequestCount} requests in {clock.Elapsed.TotalSeconds:0.0} s");
        var refused = outcomes.Where(o => o.Code == BedrockClientErrorCodes.ClientRateLimited).ToList();
        output.WriteLine(refused.FirstOrDefault()?.Exception?.Message ?? "(none refused)");

        // Every failure is named: Bedrock's throttle or the client-side refusal, nothing generic.
        Assert.All(outcomes, o => Assert.Contains(o.Code, new[] { "ok", "ThrottlingException", BedrockClientErrorCodes.ClientRateLimited }));
        Assert.Contains(outcomes, o => o.Code == "ok");
        Assert.NotEmpty(refused);

        // Refused before any attempt: nothing reached the server, and the message says so and
        // names the operation, the model and the SDK's own reason.
        var beforeFirst = refused.Where(o => o.Attempts == 0).ToList();
        Assert.NotEmpty(beforeFirst);
        var e = beforeFirst[0].Exception!;
        Assert.Null(e.StatusCode);
        Assert.False(e.IsThrottle);
        Assert.StartsWith($"Converse {TestClients.GlobalSonnet}: ClientRateLimited: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", e.Message, StringComparison.Ordinal);
        Assert.Contains("capacity could not be obtained", e.Message, StringComparison.Ordinal);

        // The refusal comes after the limiter's waits, not at once (the ~12 s the engine saw).
        Assert.All(refused, o => Assert.True(o.Elapsed > TimeSpan.FromSeconds(2), $"refused after {o.Elapsed}"));

        // Refused before a retry: the attempts that were sent are all in the report.
        Assert.All(refused.Where(o => o.Attempts > 0), o => Assert.Contains($"before retry {o.Attempts + 1}", o.Exception!.Message, StringComparison.Ordinal));
        Assert.Equal(server.RequestCount, outcomes.Sum(o => o.Attempts));
    }

    private sealed record Outcome(string Code, int Attempts, TimeSpan Elapsed, BedrockServiceException? Exception);
}
