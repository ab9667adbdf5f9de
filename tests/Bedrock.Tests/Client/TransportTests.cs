using LoadTest.Core;
using System.Diagnostics;
using LoadTest.Bedrock.Client;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class TransportTests
{
    [Fact]
    public async Task A_connection_reset_is_retried_then_reported_as_a_connection_error_without_status()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) =>
        {
            ctx.Abort();
            return Task.CompletedTask;
        });
        using var client = TestClients.For(server, RetryMode.Standard, maxAttempts: 2);

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        Assert.Equal("ConnectionError", e.ErrorCode);
        Assert.Null(e.StatusCode);
        Assert.False(e.IsThrottle);
        // The SDK also retries "stale connection" resets outside the retry budget (MaxStaleConnectionRetries),
        // so more attempts than MaxAttempts go out; the report must count every one the server saw.
        Assert.True(e.Report.AttemptCount >= 2);
        Assert.Equal(server.RequestCount, e.Report.AttemptCount);
        Assert.All(e.Report.Attempts, a =>
        {
            Assert.Null(a.StatusCode);
            Assert.Equal("ConnectionError", a.ErrorCode);
        });
    }

    [Fact]
    public async Task A_slow_first_byte_beyond_the_timeout_is_a_timeout_without_status()
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!ctx.RequestAborted.IsCancellationRequested)
            {
                await Wire.Json(ctx, Wire.ConverseJson);
            }
        });
        using var client = TestClients.For(server, RetryMode.None, timeout: TimeSpan.FromMilliseconds(400));

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), clock.Elapsed.ToString());
        Assert.Equal("Timeout", e.ErrorCode);
        Assert.Null(e.StatusCode);

        // Every attempt is a Timeout without a status. How many attempts a timeout gets under
        // RetryMode.None is not this test's subject (RetryTests holds None to one attempt on
        // service errors): on a cold test host AWSSDK.Core 4.0.102 was seen sending a second
        // attempt after the first timed out (2 of 3 fresh CI runs), cause not yet found.
        Assert.NotEmpty(e.Report.Attempts);
        Assert.All(e.Report.Attempts, a =>
        {
            Assert.Equal("Timeout", a.ErrorCode);
            Assert.Null(a.StatusCode);
        });
    }

    [Fact]
    public async Task Caller_cancellation_is_an_operation_canceled_exception_not_a_service_error()
    {
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
            await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        using var client = TestClients.For(server);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello(), cts.Token));
    }
}
