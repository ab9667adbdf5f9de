using LoadTest.Emulator.Generation;
using Microsoft.Extensions.Time.Testing;

namespace LoadTest.Emulator.Tests;

/// <summary>The latency model: TTFT with prefill and inter-Region round trip, output paced at tokens per second.</summary>
public sealed class LatencyTests
{
    private static readonly string Yaml = TestEmulator.Paced(ttft: "400ms", prefillPer1kTokens: "100ms", outputTokensPerSecond: 100);

    [Fact]
    public async Task A_Converse_answer_takes_ttft_plus_prefill_plus_output_time_on_the_emulator_clock()
    {
        var clock = new FakeTimeProvider();
        await using var emu = await TestEmulator.StartAsync(Yaml, o => o with { TimeProvider = clock });

        // 2,000 input tokens (+200 ms prefill), 50 output tokens at 100/s (500 ms): 1.1 s in all.
        var pending = BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(new string('x', 8_000), 100, outputTokens: 50));
        await QuotaHttpTests.WaitUntilAsync(() => emu.InFlight(TestEmulator.Haiku) == 1);
        await Task.Delay(100);
        clock.Advance(TimeSpan.FromMilliseconds(1_050));
        await Task.Delay(150);
        Assert.False(pending.IsCompleted, "answered before ttft + prefill + generation");
        var r = await QuotaHttpTests.AdvanceUntilDoneAsync(clock, pending, TimeSpan.FromMilliseconds(100));
        Assert.Equal(200, r.Status);
        Assert.InRange(r.Json.GetProperty("metrics").GetProperty("latencyMs").GetInt64(), 1_100, 1_500);
    }

    [Fact]
    public async Task A_stream_is_paced_in_real_time_with_a_delta_every_few_tokens()
    {
        const string yaml = """
            models:
              - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
                ttft: 100ms
                outputTokensPerSecond: 200
            emulator:
              regions: [us-east-1]
              latencyScale: 1
              jitter: 0
              streamChunkTokens: 4
            """;
        await using var emu = await TestEmulator.StartAsync(yaml);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var r = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse-stream", BedrockHttp.ConverseBody(outputTokens: 80));
        var elapsed = started.Elapsed;

        // 100 ms to the first token, then 80 tokens at 200/s = 400 ms.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(450), $"stream finished in {elapsed.TotalMilliseconds} ms");
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"stream took {elapsed.TotalMilliseconds} ms");
        Assert.Equal(20, BedrockHttp.Frames(r.Body).Count(f => f.Kind == "contentBlockDelta"));
    }

    [Fact]
    public void Serving_far_away_adds_the_inter_Region_round_trip()
    {
        var near = Regions.RegionGeography.RoundTrip("ap-south-1", "ap-south-1");
        var sameContinent = Regions.RegionGeography.RoundTrip("eu-west-1", "eu-central-1");
        var far = Regions.RegionGeography.RoundTrip("ap-south-1", "us-east-1");
        Assert.Equal(TimeSpan.Zero, near);
        Assert.True(sameContinent > TimeSpan.Zero && sameContinent < far);
        Assert.Equal(far, Regions.RegionGeography.RoundTrip("us-east-1", "ap-south-1"));
    }

    [Fact]
    public void Lognormal_output_lengths_match_the_configured_mean_and_p95()
    {
        var dist = new OutputLength(300, 800);
        var samples = new List<int>();
        for (var i = 0; i < 20_000; i++)
        {
            var random = new RequestRandom(7, i);
            samples.Add(dist.Sample(ref random));
        }

        samples.Sort();
        Assert.InRange(samples.Average(), 285, 315);
        Assert.InRange(samples[(int)(samples.Count * 0.95)], 740, 860);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 3)]
    [InlineData(1000, 17)]
    public void Synthetic_text_has_exactly_the_requested_token_count(int tokens, int offset)
    {
        Assert.Equal(tokens, LoadTest.Core.Models.TokenCounting.Count(SyntheticText.Tokens(tokens, offset)));
    }
}
