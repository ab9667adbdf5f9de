using Amazon.Runtime;
using LoadTest.Bedrock.Client;
using LoadTest.Core;
using LoadTest.Core.Errors;
using LoadTest.Core.Retry;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>
/// The client under another SDK's retry profile: AWSSDK.Core sends each attempt once, and the
/// profile decides around it. Delays go through a time provider whose timers fire at once and
/// write down what was asked, so the backoff the profile chose is visible and the tests are fast.
/// </summary>
public sealed class RetryProfileClientTests
{
    private const string TooMany = "Too many requests, please wait before trying again.";

    [Fact]
    public async Task Botocore_standard_retries_throttles_twice_and_the_application_sees_botocores_message()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Error(ctx, 429, "ThrottlingException", TooMany, "rid-t"));
        var time = new InstantDelays();
        using var client = Client(server, SdkFamily.Botocore, RetryMode.Standard, time);

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        Assert.Equal("ThrottlingException", e.ErrorCode);
        Assert.Equal(429, e.StatusCode);
        Assert.Equal($"An error occurred (ThrottlingException) when calling the Converse operation (reached max retries: 2): {TooMany}", e.ServiceMessage);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal([1, 2, 3], e.Report.Attempts.Select(a => a.Number));
        Assert.All(e.Report.Attempts, a => Assert.Equal("ThrottlingException", a.ErrorCode));

        // Two backoffs: botocore 2026 throttling, random x min(1 s x 2^(n-1), 20 s).
        Assert.Equal(2, time.Delays.Count);
        Assert.InRange(time.Delays[0].TotalSeconds, 0, 1);
        Assert.InRange(time.Delays[1].TotalSeconds, 0, 2);
        // The timer is asked in whole milliseconds; the report keeps the profile's exact delay.
        Assert.InRange((e.Report.BackoffWait!.Value - (time.Delays[0] + time.Delays[1])).Duration().TotalMilliseconds, 0, 2);
        Assert.Equal(TimeSpan.Zero, e.Report.LimiterWait);

        // AWSSDK.Core's own retries are off: every attempt it sent was its first and only one.
        Assert.All(server.Requests, r => Assert.StartsWith("attempt=1; max=1", r.SdkRequest, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_servers_retry_after_hint_reaches_the_profile()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((ctx, _) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return Wire.Json(ctx, Wire.ConverseJson);
            }

            ctx.Response.Headers["x-amz-retry-after"] = "3000";
            return Wire.Error(ctx, 429, "ThrottlingException", TooMany);
        });
        var time = new InstantDelays();
        using var client = Client(server, SdkFamily.Botocore, RetryMode.Standard, time);

        var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());

        // botocore 2026: the hint (3 s) clamped to [backoff, backoff + 5 s], and the first backoff is at most 1 s.
        Assert.Equal(2, result.Report.AttemptCount);
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(time.Delays));
    }

    [Fact]
    public async Task Js_v3_retries_a_503_after_a_transient_backoff_and_succeeds()
    {
        await using var server = await LoopbackServer.FailingFirstAsync(1, (ctx, _) => Wire.Error(ctx, 503, "ServiceUnavailableException", "busy", "rid-a"), "rid-b");
        var time = new InstantDelays();
        using var client = Client(server, SdkFamily.JsV3, RetryMode.Standard, time);

        var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());

        Assert.Equal([503, 200], result.Report.Attempts.Select(a => a.StatusCode));
        Assert.Equal("rid-b", result.Report.RequestId);
        // JS v3 2026 rules: transient errors back off from 50 ms (floor(random x 50) ms on the first
        // retry; a 0 ms backoff, 1 time in 50, starts no timer at all).
        Assert.InRange(result.Report.BackoffWait!.Value.TotalSeconds, 0, 0.05);
        Assert.True(time.Delays.Count <= 1);
        Assert.InRange((result.Report.BackoffWait!.Value - time.Delays.Aggregate(TimeSpan.Zero, (a, d) => a + d)).Duration().TotalMilliseconds, 0, 1);
        Assert.NotNull(client.RetryProfile);
        Assert.Equal(SdkFamily.JsV3, client.RetryProfile!.Settings.Sdk);
    }

    [Fact]
    public async Task A_non_retryable_error_is_not_retried_by_any_profile()
    {
        foreach (var sdk in new[] { SdkFamily.Botocore, SdkFamily.JsV3, SdkFamily.JavaV2 })
        {
            await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Error(ctx, 400, "ValidationException", "bad request"));
            var time = new InstantDelays();
            using var client = Client(server, sdk, RetryMode.Adaptive, time);

            var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

            Assert.Equal("ValidationException", e.ErrorCode);
            Assert.Equal(1, server.RequestCount);
            Assert.Empty(time.Delays);
        }
    }

    [Fact]
    public async Task Under_the_dotnet_profile_the_sdk_retries_and_no_limiter_wait_is_claimed()
    {
        await using var server = await LoopbackServer.FailingFirstAsync(1, (ctx, _) => Wire.Error(ctx, 503, "ServiceUnavailableException", "busy"));
        using var client = TestClients.For(server, RetryMode.Standard, maxAttempts: 3);

        var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());

        Assert.Null(client.RetryProfile);
        Assert.Equal(2, result.Report.AttemptCount);
        Assert.Null(result.Report.LimiterWait);
        Assert.Null(result.Report.BackoffWait);
        Assert.Equal("attempt=2; max=3", server.Requests[1].SdkRequest!.Split("; ttl=")[0]);
    }

    [Fact]
    public async Task A_connection_refused_is_retried_as_transient_and_ends_as_a_connection_error()
    {
        // A port nobody listens on: every attempt fails to connect.
        var port = FreePort();
        var time = new InstantDelays();
        using var client = new BedrockRuntimeClient(
            new BedrockClientOptions
            {
                ServiceUrl = new Uri($"http://127.0.0.1:{port}"),
                Region = "us-east-1",
                Sdk = SdkFamily.Botocore,
                RetryMode = RetryMode.Standard,
                MaxAttempts = 3,
                Timeout = TimeSpan.FromSeconds(5),
                Credentials = new BasicAWSCredentials("AKID", "test-secret"),
            },
            time);

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        Assert.Equal(BedrockClientErrorCodes.ConnectionError, e.ErrorCode);
        Assert.Equal(3, e.Report.AttemptCount);
        Assert.Equal(2, time.Delays.Count);
    }

    private static BedrockRuntimeClient Client(LoopbackServer server, SdkFamily sdk, RetryMode mode, TimeProvider time) => new(
        new BedrockClientOptions
        {
            ServiceUrl = server.Url,
            Region = "us-east-1",
            Sdk = sdk,
            RetryMode = mode,
            MaxAttempts = 3,
            Timeout = TimeSpan.FromSeconds(20),
            Credentials = new BasicAWSCredentials("AKID", "test-secret"),
        },
        time);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The system clock, except that every timer fires at once; the due times asked for are kept.</summary>
    private sealed class InstantDelays : TimeProvider
    {
        private readonly List<TimeSpan> _delays = [];

        public IReadOnlyList<TimeSpan> Delays
        {
            get
            {
                lock (_delays)
                {
                    return _delays.ToArray();
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (_delays)
                {
                    _delays.Add(dueTime);
                }
            }

            return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
        }
    }
}
