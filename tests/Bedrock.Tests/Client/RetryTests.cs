using LoadTest.Bedrock.Client;
using LoadTest.Core;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class RetryTests
{
    [Fact]
    public async Task Standard_mode_retries_throttling_and_unavailable_and_reports_every_attempt()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Interlocked.Increment(ref calls) switch
        {
            1 => Wire.Error(ctx, 429, "ThrottlingException", "Too many tokens, please wait before trying again.", "rid-a"),
            2 => Wire.Error(ctx, 503, "ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.bedrock/", "Service unavailable", "rid-b"),
            _ => Wire.Json(ctx, Wire.ConverseJson, requestId: "rid-c"),
        });
        using var client = TestClients.For(server, RetryMode.Standard, maxAttempts: 3);

        var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());

        var attempts = result.Report.Attempts;
        Assert.Equal(3, attempts.Count);
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Number));
        Assert.Equal([429, 503, 200], attempts.Select(a => a.StatusCode));
        Assert.Equal(["ThrottlingException", "ServiceUnavailableException", null], attempts.Select(a => a.ErrorCode));
        Assert.True(attempts[2].Succeeded);
        Assert.Equal("rid-c", result.Report.RequestId);
        Assert.Equal(["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"], server.Requests.Select(r => r.SdkRequest!.Split("; ttl=")[0]));
    }

    [Fact]
    public async Task A_429_with_an_error_code_outside_the_throttling_list_is_retried_as_a_throttle()
    {
        // AWSSDK.Core 4.1.0's standard and adaptive policies treat any HTTP 429 without modelled
        // retry details as throttling (StandardRetryPolicy.IsThrottlingError); 4.0.102 did not retry it.
        await using var server = await LoopbackServer.FailingFirstAsync(2, (ctx, n) => Wire.Error(ctx, 429, "TooManyConcurrentRequestsException", "Slow down.", $"rid-{n}"), "rid-ok");
        using var client = TestClients.For(server, RetryMode.Standard, maxAttempts: 3);

        var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());

        Assert.Equal([429, 429, 200], result.Report.Attempts.Select(a => a.StatusCode));
        Assert.Equal(["TooManyConcurrentRequestsException", "TooManyConcurrentRequestsException", null], result.Report.Attempts.Select(a => a.ErrorCode));
        Assert.Equal("rid-ok", result.Report.RequestId);
    }

    [Fact]
    public async Task Validation_errors_are_not_retried_and_surface_code_status_and_request_id()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Error(ctx, 400, "ValidationException", "The model returned the following errors: max_tokens too large", "rid-400"));
        using var client = TestClients.For(server, RetryMode.Standard, maxAttempts: 3);

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        Assert.Equal(1, server.RequestCount);
        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("rid-400", e.RequestId);
        Assert.Contains("max_tokens too large", e.ServiceMessage, StringComparison.Ordinal);
        Assert.False(e.IsThrottle);
        Assert.False(e.MidStream);
        Assert.Equal("Converse", e.Operation);
        Assert.Equal(TestClients.GlobalSonnet, e.ModelId);
        var attempt = Assert.Single(e.Report.Attempts);
        Assert.Equal(400, attempt.StatusCode);
        Assert.Equal("ValidationException", attempt.ErrorCode);
    }

    [Fact]
    public async Task Exhausted_retries_on_throttling_end_in_a_throttle_exception_with_all_attempts()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Error(ctx, 429, "ThrottlingException", "Too many requests, please wait before trying again.", "rid-t"));
        using var client = TestClients.For(server, RetryMode.Standard, maxAttempts: 2);

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        Assert.True(e.IsThrottle);
        Assert.Equal(429, e.StatusCode);
        Assert.Equal(2, e.Report.AttemptCount);
        Assert.Equal(2, server.RequestCount);
        Assert.All(e.Report.Attempts, a => Assert.Equal("ThrottlingException", a.ErrorCode));
    }

    [Fact]
    public async Task Retry_mode_none_sends_exactly_one_attempt()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Error(ctx, 503, "ServiceUnavailableException", "busy"));
        using var client = TestClients.For(server, RetryMode.None, maxAttempts: 5);

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        Assert.Equal("ServiceUnavailableException", e.ErrorCode);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal(1, e.Report.AttemptCount);
    }

    [Fact]
    public async Task Reports_stay_per_call_under_concurrency_on_one_shared_client()
    {
        // Every third first attempt of a call is throttled; the request id echoes the call's prompt.
        var firstSeen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync((ctx, seen) =>
        {
            var body = System.Text.Encoding.UTF8.GetString(seen.Body);
            var tag = System.Text.RegularExpressions.Regex.Match(body, "call-(\\d+)").Value;
            var n = int.Parse(tag[5..], System.Globalization.CultureInfo.InvariantCulture);
            var count = firstSeen.AddOrUpdate(tag, 1, (_, c) => c + 1);
            return n % 3 == 0 && count == 1
                ? Wire.Error(ctx, 429, "ThrottlingException", "Too many requests", "throttled-" + tag)
                : Wire.Json(ctx, Wire.ConverseJson, requestId: "rid-" + tag);
        });
        using var client = TestClients.For(server, RetryMode.Standard, maxAttempts: 3);

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello($"call-{i}"))));

        for (var i = 0; i < results.Length; i++)
        {
            var report = results[i].Report;
            Assert.Equal($"rid-call-{i}", report.RequestId);
            Assert.Equal(i % 3 == 0 ? 2 : 1, report.AttemptCount);
        }
    }
}
