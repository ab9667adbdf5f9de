using System.Text.Json;

namespace LoadTest.Emulator.Tests;

/// <summary>The log directory: invocation log, CloudTrail records and per-minute CloudWatch metrics.</summary>
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

    [Fact]
    public async Task The_log_directory_holds_Bedrock_shaped_invocation_log_CloudTrail_and_metric_data_without_prompt_text()
    {
        const string model = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
        const string yaml = """
            models:
              - id: us.anthropic.claude-haiku-4-5-20251001-v1:0
                rpm: 3
            emulator:
              sourceRegion: us-west-2
              regions: [us-west-2, us-east-1]
              latencyScale: 0
            """;
        const string marker = "PROMPT-TEXT-MUST-NOT-BE-LOGGED";
        const string converseWithTenant = $$$"""
            {"messages":[{"role":"user","content":[{"text":"{{{marker}}}"}]}],"inferenceConfig":{"maxTokens":100},
             "requestMetadata":{"loadtest-output-tokens":"6","tenant":"acme"}}
            """;
        await using (var emu = await TestEmulator.StartAsync(yaml, o => o with { LogDirectory = _dir.Path }))
        {
            Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", converseWithTenant)).Status);
            Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, model, "invoke", BedrockHttp.AnthropicBody(marker, outputTokens: 4))).Status);
            Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", converseWithTenant)).Status);
            Assert.Equal(429, (await BedrockHttp.PostAsync(emu.Http1Url, model, "converse", converseWithTenant)).Status);
        }

        foreach (var file in Directory.GetFiles(_dir.Path))
        {
            Assert.DoesNotContain(marker, File.ReadAllText(file), StringComparison.Ordinal);
        }

        var invocations = File.ReadAllLines(_dir.File("model-invocations.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, invocations.Count);
        Assert.All(invocations, r =>
        {
            Assert.Equal("ModelInvocationLog", r.GetProperty("schemaType").GetString());
            Assert.Equal("1.0", r.GetProperty("schemaVersion").GetString());
            Assert.Equal(TimeSpan.Zero, r.GetProperty("timestamp").GetDateTimeOffset().Offset);
            Assert.Equal("us-west-2", r.GetProperty("region").GetString());
            Assert.Equal(model, r.GetProperty("modelId").GetString());
            Assert.Matches("^[0-9]{12}$", r.GetProperty("accountId").GetString()!);
            Assert.StartsWith("arn:aws:", r.GetProperty("identity").GetProperty("arn").GetString()!, StringComparison.Ordinal);
            Assert.False(r.GetProperty("input").TryGetProperty("inputBodyJson", out _));
            Assert.False(r.GetProperty("output").TryGetProperty("outputBodyJson", out _));
        });
        var served = invocations.Where(r => !r.TryGetProperty("errorCode", out _)).ToList();
        Assert.Equal(["Converse", "InvokeModel", "Converse"], served.Select(r => r.GetProperty("operation").GetString()));
        Assert.All(served, r => Assert.Equal("us-west-2", r.GetProperty("inferenceRegion").GetString()));
        var converse = served.Where(r => r.GetProperty("operation").GetString() == "Converse").ToList();
        Assert.All(converse, r =>
        {
            Assert.Equal(8, r.GetProperty("input").GetProperty("inputTokenCount").GetInt64());
            Assert.Equal(0, r.GetProperty("input").GetProperty("cacheReadInputTokenCount").GetInt64());
            Assert.Equal(0, r.GetProperty("input").GetProperty("cacheWriteInputTokenCount").GetInt64());
            Assert.Equal(6, r.GetProperty("output").GetProperty("outputTokenCount").GetInt64());
            Assert.Equal("acme", r.GetProperty("requestMetadata").GetProperty("tenant").GetString());
        });
        var invoke = served.Single(r => r.GetProperty("operation").GetString() == "InvokeModel");
        Assert.Equal(4, invoke.GetProperty("output").GetProperty("outputTokenCount").GetInt64());
        Assert.True(invoke.GetProperty("input").GetProperty("inputTokenCount").GetInt64() > 0);
        Assert.False(invoke.TryGetProperty("requestMetadata", out _));
        var throttled = invocations.Single(r => r.TryGetProperty("errorCode", out _));
        Assert.Equal("ThrottlingException", throttled.GetProperty("errorCode").GetString());
        Assert.Equal("Converse", throttled.GetProperty("operation").GetString());
        Assert.False(throttled.TryGetProperty("inferenceRegion", out _));

        var trail = File.ReadAllLines(_dir.File("cloudtrail.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(invocations.Select(r => r.GetProperty("requestId").GetString()), trail.Select(e => e.GetProperty("requestID").GetString()));
        Assert.All(trail, e =>
        {
            Assert.Equal("1.09", e.GetProperty("eventVersion").GetString());
            Assert.Equal("bedrock.amazonaws.com", e.GetProperty("eventSource").GetString());
            Assert.Equal("AwsApiCall", e.GetProperty("eventType").GetString());
            Assert.Equal("Data", e.GetProperty("eventCategory").GetString());
            Assert.False(e.GetProperty("readOnly").GetBoolean());
            Assert.False(e.GetProperty("managementEvent").GetBoolean());
            Assert.Equal(JsonValueKind.Null, e.GetProperty("responseElements").ValueKind);
            Assert.Equal(model, e.GetProperty("requestParameters").GetProperty("modelId").GetString());
            var identity = e.GetProperty("userIdentity");
            Assert.Equal("AssumedRole", identity.GetProperty("type").GetString());
            Assert.Equal(identity.GetProperty("accountId").GetString(), e.GetProperty("recipientAccountId").GetString());
            Assert.True(Guid.TryParse(e.GetProperty("eventID").GetString(), out _));
            Assert.Equal("us-west-2", e.GetProperty("awsRegion").GetString());
        });
        Assert.All(trail.Where(e => !e.TryGetProperty("errorCode", out _)), e =>
            Assert.Equal("us-west-2", e.GetProperty("additionalEventData").GetProperty("inferenceRegion").GetString()));
        var trailThrottle = trail.Single(e => e.TryGetProperty("errorCode", out _));
        Assert.Equal("ThrottlingException", trailThrottle.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrEmpty(trailThrottle.GetProperty("errorMessage").GetString()));
        Assert.False(trailThrottle.TryGetProperty("additionalEventData", out _));

        using var data = JsonDocument.Parse(File.ReadAllText(_dir.File("cloudwatch-metric-data.json")));
        Assert.Equal(0, data.RootElement.GetProperty("Messages").GetArrayLength());
        var results = data.RootElement.GetProperty("MetricDataResults").EnumerateArray().ToList();
        Assert.Equal(5, results.Count);
        double Sum(string metric)
        {
            var r = results.Single(x => x.GetProperty("Label").GetString() == $"{metric} {model}");
            Assert.Equal("Complete", r.GetProperty("StatusCode").GetString());
            Assert.Matches("^[a-z][a-z0-9_]*$", r.GetProperty("Id").GetString()!);
            var stamps = r.GetProperty("Timestamps").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
            Assert.Equal(stamps.OrderByDescending(t => t), stamps);
            Assert.Equal(stamps.Count, r.GetProperty("Values").GetArrayLength());
            return r.GetProperty("Values").EnumerateArray().Sum(v => v.GetDouble());
        }

        Assert.Equal(3, Sum("Invocations"));
        Assert.Equal(1, Sum("InvocationThrottles"));
        Assert.Equal(16, Sum("OutputTokenCount"));
        Assert.Equal(served.Sum(r => r.GetProperty("input").GetProperty("inputTokenCount").GetInt64()), Sum("InputTokenCount"));
        Assert.Equal(trail.Sum(e => e.GetProperty("quotaTokens").GetInt64()), Sum("EstimatedTPMQuotaUsage"));
        Assert.True(Sum("EstimatedTPMQuotaUsage") > 0);
    }
}
