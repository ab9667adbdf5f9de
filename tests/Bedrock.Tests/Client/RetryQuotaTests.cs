using LoadTest.Core;
using System.Collections.Concurrent;
using System.Diagnostics;
using LoadTest.Bedrock.Client;
using Xunit.Abstractions;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class RetryQuotaTests(ITestOutputHelper output)
{
    /// <summary>A 429 storm drains the SDK's process-wide retry quota; retries then stop silently, and only counting attempts shows it.</summary>
    [Fact]
    public async Task When_the_standard_retry_quota_runs_dry_calls_get_fewer_attempts_and_the_reports_still_add_up()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Error(ctx, 429, "ThrottlingException", "Too many requests, please wait before trying again."));
        using var client = TestClients.For(server, RetryMode.Standard, maxAttempts: 3);

        var attemptsPerCall = new ConcurrentBag<int>();
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, 32).Select(async _ =>
        {
            for (var i = 0; i < 2_000 && clock.Elapsed < TimeSpan.FromSeconds(8); i++)
            {
                var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));
                attemptsPerCall.Add(e.Report.AttemptCount);
                if (e.Report.AttemptCount == 1 && attemptsPerCall.Count(a => a == 1) > 50)
                {
                    return;
                }
            }
        });
        await Task.WhenAll(loops);

        var histogram = attemptsPerCall.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{g.Key} attempts x{g.Count()}");
        output.WriteLine($"{server.RequestCount} server requests in {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", histogram)}");
        Assert.Equal(server.RequestCount, attemptsPerCall.Sum());

        // AWSSDK.Core's standard mode: 500 tokens per endpoint URL, 5 per throttling retry, no refunds without successes.
        Assert.Equal(100, attemptsPerCall.Sum(a => a - 1));
        Assert.Contains(3, attemptsPerCall);
        Assert.Contains(1, attemptsPerCall);
    }
}
