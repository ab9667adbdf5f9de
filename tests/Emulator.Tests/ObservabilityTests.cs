using System.Text.Json;

namespace LoadTest.Emulator.Tests;

/// <summary>CloudTrail-like log and per-minute CloudWatch-like metrics.</summary>
public sealed class ObservabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new("loadtest-emu-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Every_request_is_logged_with_tokens_and_Regions_and_minutes_are_summed_per_model_without_prompt_text()
    {
        const string yaml = """
            models:
              - id: us.anthropic.claude-haiku-4-5-20251001-v1:0
                rpm: 2
            emulator:
              sourceRegion: us-west-2
              regions: [us-west-2, us-east-1]
              latencyScale: 0
            """;
        const string secret = "PROMPT-TEXT-MUST-NOT-BE-LOGGED";
        await using (var emu = await TestEmulator.StartAsync(yaml, o => o with { LogDirectory = _dir.Path }))
        {
            for (var i = 0; i < 3; i++)
            {
                await BedrockHttp.PostAsync(emu.Http1Url, "us.anthropic.claude-haiku-4-5-20251001-v1:0", "converse", BedrockHttp.ConverseBody(secret, 100, outputTokens: 6));
            }

            await BedrockHttp.PostAsync(emu.Http1Url, "no-such-model", "converse", BedrockHttp.ConverseBody(secret));
        }

        var trail = File.ReadAllLines(_dir.File("cloudtrail.jsonl"));
        Assert.Equal(4, trail.Length);
        Assert.All(trail, line => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
        var events = trail.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var ok = events.Where(e => !e.TryGetProperty("errorCode", out _)).ToList();
        Assert.Equal(2, ok.Count);
        Assert.All(ok, e =>
        {
            Assert.Equal("Converse", e.GetProperty("eventName").GetString());
            Assert.Equal("us-west-2", e.GetProperty("awsRegion").GetString());
            Assert.Equal("us-west-2", e.GetProperty("inferenceRegion").GetString());
            Assert.Equal("us.anthropic.claude-haiku-4-5-20251001-v1:0", e.GetProperty("modelId").GetString());
            Assert.Equal(8, e.GetProperty("inputTokens").GetInt32());
            Assert.Equal(6, e.GetProperty("outputTokens").GetInt32());
            Assert.True(e.TryGetProperty("eventTime", out _));
            Assert.True(e.TryGetProperty("requestId", out _));
        });
        Assert.Contains(events, e => e.TryGetProperty("errorCode", out var c) && c.GetString() == "ThrottlingException");
        Assert.Contains(events, e => e.TryGetProperty("errorCode", out var c) && c.GetString() == "ValidationException");

        var csv = File.ReadAllLines(_dir.File("cloudwatch-metrics.csv"));
        Assert.StartsWith("timestamp,modelId,Invocations,InvocationThrottles,InvocationClientErrors,InvocationServerErrors,InputTokenCount,OutputTokenCount", csv[0], StringComparison.Ordinal);
        var metrics = File.ReadAllLines(_dir.File("cloudwatch-metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var us = metrics.Where(m => m.GetProperty("modelId").GetString() == "us.anthropic.claude-haiku-4-5-20251001-v1:0").ToList();
        Assert.Equal(2, us.Sum(m => m.GetProperty("Invocations").GetInt64()));
        Assert.Equal(1, us.Sum(m => m.GetProperty("InvocationThrottles").GetInt64()));
        Assert.Equal(16, us.Sum(m => m.GetProperty("InputTokenCount").GetInt64()));
        Assert.Equal(12, us.Sum(m => m.GetProperty("OutputTokenCount").GetInt64()));
        Assert.Equal(1, metrics.Where(m => m.GetProperty("modelId").GetString() == "no-such-model").Sum(m => m.GetProperty("InvocationClientErrors").GetInt64()));
        Assert.All(metrics, m => Assert.True(m.TryGetProperty("InvocationLatency", out _)));
    }
}
