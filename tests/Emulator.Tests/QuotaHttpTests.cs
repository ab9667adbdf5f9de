using LoadTest.Core.Quotas;
using Microsoft.Extensions.Time.Testing;

namespace LoadTest.Emulator.Tests;

/// <summary>Throttling and capacity through HTTP, on a fake clock.</summary>
public sealed class QuotaHttpTests
{
    private const string Sonnet45 = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private static FakeTimeProvider NewClock() => new(DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Sonnet 4.5 (burndown 5) on a 35,000 TPM quota, no modelled latency, on <paramref name="clock"/>.</summary>
    private static Task<EmulatorServer> Sonnet35kTpm(FakeTimeProvider clock) => TestEmulator.StartAsync(
        $"models:\n  - id: {Sonnet45}\n    tpm: 35000\n    rpm: 1000\nemulator:\n  latencyScale: 0\n",
        o => o with { TimeProvider = clock });

    [Fact]
    public async Task Worked_example_10000_in_5000_out_costs_35000_quota_tokens_and_fills_a_35000_TPM_quota()
    {
        var clock = NewClock();
        await using var emu = await Sonnet35kTpm(clock);
        const string model = Sonnet45;
        var prompt = new string('x', 40_000); // 10,000 tokens at 4 bytes a token
        var body = BedrockHttp.ConverseBody(prompt, maxTokens: 5_000, outputTokens: 5_000);

        var first = await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", body);
        Assert.Equal(200, first.Status);
        Assert.Equal(10_000, first.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32());
        Assert.Equal(5_000, first.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        Assert.Equal(35_000, emu.Statistics.QuotaTokens);

        var second = await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", body);
        Assert.Equal(429, second.Status);
        Assert.Equal("ThrottlingException", second.Header("x-amzn-ErrorType"));
        Assert.Equal("Too many tokens, please wait before trying again.", second.Json.GetProperty("message").GetString());

        // Admission reserves 10,000 + maxTokens 5,000 (no burndown) = 15,000 of the 35,000 a minute refills.
        clock.Advance(TimeSpan.FromSeconds(20)); // 35,000 x 20 / 60 = 11,667: still not enough
        Assert.Equal(429, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", body)).Status);
        clock.Advance(TimeSpan.FromSeconds(10)); // 17,500
        Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", body)).Status);
    }

    [Fact]
    public async Task A_streamed_answer_releases_and_settles_its_reservation_once()
    {
        var clock = NewClock();
        await using var emu = await Sonnet35kTpm(clock);
        const string model = Sonnet45;

        // 10,000 input + maxTokens 5,000 reserved; the 4,000 unused go back as the 1,000 output
        // tokens stream; it settles at 10,000 + 1,000 x 5 = 15,000, leaving 20,000 (the clock is frozen).
        var streamed = await BedrockHttp.PostAsync(emu.Http1Url, model, "converse-stream", BedrockHttp.ConverseBody(new string('x', 40_000), maxTokens: 5_000, outputTokens: 1_000));
        Assert.Equal(200, streamed.Status);
        Assert.Equal(15_000, emu.Statistics.QuotaTokens);

        // 10,004 + 10,000 = 20,004 does not fit; 10,000 + 10,000 = 20,000 does, exactly.
        Assert.Equal(429, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", BedrockHttp.ConverseBody(new string('x', 40_016), maxTokens: 10_000, outputTokens: 1))).Status);
        Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", BedrockHttp.ConverseBody(new string('x', 40_000), maxTokens: 10_000, outputTokens: 1))).Status);
    }

    [Fact]
    public async Task RPM_exhaustion_is_ThrottlingException_too_many_requests()
    {
        const string yaml = """
            models:
              - id: us.anthropic.claude-haiku-4-5-20251001-v1:0
                rpm: 3
            emulator:
              latencyScale: 0
            """;
        var clock = new FakeTimeProvider();
        await using var emu = await TestEmulator.StartAsync(yaml, o => o with { TimeProvider = clock });
        const string model = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", BedrockHttp.ConverseBody())).Status);
        }

        foreach (var op in new[] { "converse", "converse-stream" })
        {
            var r = await BedrockHttp.PostAsync(emu.Http1Url, model, op, BedrockHttp.ConverseBody());
            Assert.Equal(429, r.Status);
            Assert.Equal("ThrottlingException", r.Header("x-amzn-ErrorType"));
            Assert.Equal("Too many requests, please wait before trying again.", r.Json.GetProperty("message").GetString());
        }

        Assert.Equal(2, emu.Statistics.Throttled);
        clock.Advance(TimeSpan.FromSeconds(20)); // one request's worth of refill
        Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", BedrockHttp.ConverseBody())).Status);
    }

    [Fact]
    public async Task Quotas_off_never_throttles()
    {
        const string yaml = """
            models:
              - id: us.anthropic.claude-haiku-4-5-20251001-v1:0
                rpm: 1
            emulator:
              latencyScale: 0
              enforceQuotas: false
            """;
        await using var emu = await TestEmulator.StartAsync(yaml);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, "us.anthropic.claude-haiku-4-5-20251001-v1:0", "converse", BedrockHttp.ConverseBody())).Status);
        }
    }

    [Fact]
    public async Task Capacity_exhausted_in_every_allowed_Region_is_503_ServiceUnavailableException()
    {
        // Real-time latency on a fake clock: admitted requests wait in their modelled delay until the clock moves.
        var clock = new FakeTimeProvider();
        const string yaml = """
            emulator:
              sourceRegion: eu-west-1
              regions: [eu-west-1, eu-central-1, us-east-1]
              regionCapacity: 2
              enforceQuotas: false
              latencyScale: 1
            """;
        await using var emu = await TestEmulator.StartAsync(yaml, o => o with { TimeProvider = clock });
        const string eu = "eu.anthropic.claude-haiku-4-5-20251001-v1:0";
        var held = Enumerable.Range(0, 4)
            .Select(_ => BedrockHttp.PostAsync(emu.Http1Url, eu, "converse", BedrockHttp.ConverseBody(outputTokens: 5)))
            .ToList();
        await WaitUntilAsync(() => emu.InFlight(eu) == 4);

        var refused = await BedrockHttp.PostAsync(emu.Http1Url, eu, "converse", BedrockHttp.ConverseBody(outputTokens: 5));
        Assert.Equal(503, refused.Status);
        Assert.Equal("ServiceUnavailableException", refused.Header("x-amzn-ErrorType"));

        // The global profile still has us-east-1.
        var global = BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(outputTokens: 5));
        await WaitUntilAsync(() => emu.InFlight(TestEmulator.Haiku) == 5);
        await Task.Delay(200); // let every admitted request reach its timer on the fake clock

        var served = await AdvanceUntilDoneAsync(clock, Task.WhenAll(held.Append(global)), TimeSpan.FromSeconds(10));
        Assert.All(served, r => Assert.Equal(200, r.Status));
        Assert.All(served.Take(4), r => Assert.Contains(r.Header("x-loadtest-inference-region"), new[] { "eu-west-1", "eu-central-1" }));
        Assert.Equal("us-east-1", served[^1].Header("x-loadtest-inference-region"));
        Assert.Equal(0, emu.InFlight(eu));
    }

    [Fact]
    public async Task An_application_inference_profile_ARN_with_encoded_slash_shares_its_targets_quota()
    {
        const string arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team-a";
        const string yaml = """
            models:
              - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
                rpm: 2
              - id: arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team-a
                target: global.anthropic.claude-haiku-4-5-20251001-v1:0
            emulator:
              latencyScale: 0
            """;
        await using var emu = await TestEmulator.StartAsync(yaml, o => o with { TimeProvider = new FakeTimeProvider() });
        var body = BedrockHttp.ConverseBody();
        var fullyEncoded = await BedrockHttp.PostRawTargetAsync(emu.Http1Url, $"/model/{Uri.EscapeDataString(arn)}/converse", body);
        Assert.Equal(200, fullyEncoded.Status);
        var slashOnly = await BedrockHttp.PostRawTargetAsync(emu.Http1Url, $"/model/{arn.Replace("/", "%2F", StringComparison.Ordinal)}/converse", body);
        Assert.Equal(200, slashOnly.Status);
        var target = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", body);
        Assert.Equal(429, target.Status);
    }

    [Fact]
    public async Task Settlement_returns_unused_maxTokens_reservation()
    {
        // TPM 20,000 with burndown 5: maxTokens 3,000 reserves 15,001 but one output token costs 6.
        const string yaml = """
            models:
              - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
                tpm: 20000
                rpm: 1000
            emulator:
              latencyScale: 0
            """;
        await using var emu = await TestEmulator.StartAsync(yaml, o => o with { TimeProvider = new FakeTimeProvider() });
        var body = BedrockHttp.ConverseBody("abcd", maxTokens: 3_000, outputTokens: 1);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", body)).Status);
        }

        Assert.Equal(QuotaCost.Consumed(1, 0, 1, 5) * 10, emu.Statistics.QuotaTokens);
    }

    /// <summary>
    /// Moves the fake clock until <paramref name="pending"/> completes (bounded). Advancing again
    /// covers a request that reached its timer only after the previous advance on a busy machine.
    /// </summary>
    internal static async Task<T> AdvanceUntilDoneAsync<T>(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, Task<T> pending, TimeSpan step)
    {
        for (var i = 0; i < 100 && !pending.IsCompleted; i++)
        {
            clock.Advance(step);
            await Task.WhenAny(pending, Task.Delay(50));
        }

        return await pending.WaitAsync(TimeSpan.FromSeconds(10));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 20 s");
            await Task.Delay(10);
        }
    }
}
