using LoadTest.Core.Errors;
using LoadTest.Core;
using System.Collections.Concurrent;
using System.Diagnostics;
using LoadTest.Bedrock.Client;
using Xunit.Abstractions;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>
/// Adaptive retry mode against a quota far below the offered load (the emulator's 30 RPM case):
/// the SDK's own client-side rate limiter refuses to send some requests. That is real SDK
/// behaviour, so the client must report it as such, not as a generic error.
/// </summary>
/// <remarks>
/// Whether the SDK refuses anything while waiting for capacity depends on timer timing:
/// AWSSDK.Core's TokenBucket (4.0.102 and 4.1.0 alike) treats a computed wait that rounds down to 0 ms as a granted
/// token without taking capacity, so callers waking just before the bucket reaches one token all
/// pass. With a fill rate of 0.5 tokens/s it was seen to let 81 requests through in 36 s, and on
/// one CI machine it refused nothing at all. The fail-fast case below is deterministic (an empty
/// bucket refuses at once); the waiting case checks what holds on every machine.
/// </remarks>
public sealed class AdaptiveQuotaStarvationTests(ITestOutputHelper output)
{
    private const int Callers = 40;
    private static readonly TimeSpan ArrivalGap = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task With_fail_fast_an_empty_send_bucket_refuses_at_once_as_ClientRateLimited_with_the_real_attempt_count()
    {
        // Every request is throttled: the first throttle switches the SDK's limiter on with an
        // empty bucket, which refills at 0.5-1.1 tokens/s; nothing here waits that long.
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Error(ctx, 429, "ThrottlingException", "Too many requests, please wait before trying again."));
        using var client = TestClients.For(server, RetryMode.Adaptive, maxAttempts: 3, timeout: TimeSpan.FromSeconds(10), fastFail: true);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The first call is sent (the limiter is off until a throttle), then refused before its retry.
        var first = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello(), deadline.Token));
        output.WriteLine(first.Message);
        Assert.Equal(BedrockClientErrorCodes.ClientRateLimited, first.ErrorCode);
        Assert.Equal(1, first.Report.AttemptCount);
        Assert.False(first.IsThrottle);
        Assert.StartsWith($"Converse {TestClients.GlobalSonnet}: ClientRateLimited: ", first.Message, StringComparison.Ordinal);
        Assert.Contains("the client is set to fail fast", first.Message, StringComparison.Ordinal);
        Assert.Contains("before retry 2: 1 HTTP attempt was sent, the last failed with ThrottlingException", first.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.RequestCount);

        // Ten callers at once on the same client share the empty bucket: refused without a send.
        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            var started = clock.Elapsed;
            var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello(), deadline.Token));
            return (Error: e, Elapsed: clock.Elapsed - started);
        }));

        Assert.All(outcomes, o => Assert.Equal(BedrockClientErrorCodes.ClientRateLimited, o.Error.ErrorCode));
        var beforeFirst = outcomes.Where(o => o.Error.Report.AttemptCount == 0).ToList();
        Assert.True(beforeFirst.Count >= 9, $"{beforeFirst.Count} of 10 refused before sending (at most one token can have refilled)");
        Assert.All(beforeFirst, o =>
        {
            Assert.Null(o.Error.StatusCode);
            Assert.Contains("before the first HTTP attempt: nothing was sent", o.Error.Message, StringComparison.Ordinal);
            Assert.Contains("capacity could not be obtained", o.Error.Message, StringComparison.Ordinal);
            Assert.True(o.Elapsed < TimeSpan.FromSeconds(1), $"fail fast took {o.Elapsed}");
        });
        Assert.Equal(server.RequestCount, 1 + outcomes.Sum(o => o.Error.Report.AttemptCount));
    }

    [Fact]
    public async Task Waiting_for_send_capacity_every_call_ends_named_and_its_attempts_reconcile_with_the_server()
    {
        var bucket = new TestAdmission(perSecond: 0.5, burst: 2);
        await using var server = await LoopbackServer.StartAsync((ctx, _) => bucket.TryAdmit()
            ? Wire.Json(ctx, Wire.ConverseJson)
            : Wire.Error(ctx, 429, "ThrottlingException", "Too many requests, please wait before trying again."));
        using var client = TestClients.For(server, RetryMode.Adaptive, maxAttempts: 3, timeout: TimeSpan.FromSeconds(10));

        // Bounded: per send token the SDK tries 15 times, waiting at most 1/0.5 s between tries.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(150));
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

        // Every failure is named: Bedrock's throttle or the client-side refusal, nothing generic.
        Assert.Equal(Callers, outcomes.Count);
        Assert.All(outcomes, o => Assert.Contains(o.Code, new[] { "ok", "ThrottlingException", BedrockClientErrorCodes.ClientRateLimited }));
        Assert.Contains(outcomes, o => o.Code == "ok");
        Assert.All(outcomes.Where(o => o.Code == "ThrottlingException"), o => Assert.Equal(3, o.Attempts));

        // Refusals (usually most callers; see the remarks) come after the limiter's waits, not at
        // once, and name the operation, the model, the SDK's reason and what was sent.
        var refused = outcomes.Where(o => o.Code == BedrockClientErrorCodes.ClientRateLimited).ToList();
        output.WriteLine(refused.FirstOrDefault()?.Exception?.Message ?? "(none refused)");
        Assert.All(refused, o =>
        {
            var e = o.Exception!;
            Assert.True(o.Elapsed > TimeSpan.FromSeconds(1), $"refused after {o.Elapsed}"); // fail fast refuses in well under 1 s
            Assert.False(e.IsThrottle);
            Assert.StartsWith($"Converse {TestClients.GlobalSonnet}: ClientRateLimited: ", e.Message, StringComparison.Ordinal);
            Assert.Contains("no send capacity in its 15 tries, waiting between them", e.Message, StringComparison.Ordinal);
            Assert.Contains("capacity could not be obtained", e.Message, StringComparison.Ordinal);
            Assert.Contains(o.Attempts == 0 ? "before the first HTTP attempt: nothing was sent" : $"before retry {o.Attempts + 1}", e.Message, StringComparison.Ordinal);
        });

        // The attempts the calls report are exactly the requests the server saw.
        Assert.Equal(server.RequestCount, outcomes.Sum(o => o.Attempts));
    }

    private sealed record Outcome(string Code, int Attempts, TimeSpan Elapsed, BedrockServiceException? Exception);
}
