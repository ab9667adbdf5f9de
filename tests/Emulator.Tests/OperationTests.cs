using System.Text;
using System.Text.Json;
using LoadTest.Core.Models;

namespace LoadTest.Emulator.Tests;

/// <summary>Each operation through a real loopback server, checked against Bedrock's wire shapes.</summary>
public sealed class OperationTests : IAsyncLifetime
{
    private EmulatorServer _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(TestEmulator.Instant);

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    [Fact]
    public async Task Converse_answers_with_message_usage_metrics_and_Bedrock_headers()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody("abcdefghij", 100, outputTokens: 33));
        Assert.Equal(200, r.Status);
        Assert.StartsWith("application/json", r.Header("Content-Type"));
        Assert.True(Guid.TryParse(r.Header("x-amzn-RequestId"), out _));
        Assert.Equal("us-east-1", r.Header("x-loadtest-inference-region"));
        var json = r.Json;
        var message = json.GetProperty("output").GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        var text = message.GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Equal(33, TokenCounting.Count(text));
        Assert.Equal("end_turn", json.GetProperty("stopReason").GetString());
        var usage = json.GetProperty("usage");
        Assert.Equal(3, usage.GetProperty("inputTokens").GetInt32()); // 10 bytes -> 3 tokens
        Assert.Equal(33, usage.GetProperty("outputTokens").GetInt32());
        Assert.Equal(36, usage.GetProperty("totalTokens").GetInt32());
        Assert.True(json.GetProperty("metrics").GetProperty("latencyMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task Output_is_capped_by_maxTokens_with_stop_reason_max_tokens()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody("hi", 10, outputTokens: 500));
        Assert.Equal("max_tokens", r.Json.GetProperty("stopReason").GetString());
        Assert.Equal(10, r.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task A_marker_in_the_prompt_steers_output_length_for_every_API()
    {
        var prompt = "Tell me more " + OutputSteering.Marker(42);
        var converse = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(prompt, 1000));
        Assert.Equal(42, converse.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        var invoke = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", BedrockHttp.AnthropicBody(prompt, 1000));
        Assert.Equal(42, invoke.Json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Unsteered_output_follows_the_models_distribution()
    {
        var lengths = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody("x", 64_000));
            lengths.Add(r.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        }

        // Catalog default: mean 300, p95 800 (lognormal); a sample of 200 lands well inside these bounds.
        Assert.InRange(lengths.Average(), 200, 420);
        Assert.True(lengths.Distinct().Count() > 50, "lengths should vary");
    }

    [Fact]
    public async Task ConverseStream_sends_Bedrock_events_in_order_with_usage()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse-stream", BedrockHttp.ConverseBody("abcd", 100, outputTokens: 10));
        Assert.Equal(200, r.Status);
        Assert.Equal("application/vnd.amazon.eventstream", r.Header("Content-Type"));
        var frames = BedrockHttp.Frames(r.Body);
        var kinds = frames.Select(f => f.Kind).ToList();
        Assert.Equal("messageStart", kinds[0]);
        Assert.Equal(["contentBlockStop", "messageStop", "metadata"], kinds[^3..]);
        Assert.All(kinds[1..^3], k => Assert.Equal("contentBlockDelta", k));
        Assert.All(frames, f => Assert.Equal("event", f.Headers[":message-type"]));
        var text = string.Concat(frames.Where(f => f.Kind == "contentBlockDelta").Select(f => f.Json.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal(10, TokenCounting.Count(text));
        Assert.Equal("end_turn", frames[^2].Json.GetProperty("stopReason").GetString());
        var usage = frames[^1].Json.GetProperty("usage");
        Assert.Equal(1, usage.GetProperty("inputTokens").GetInt32());
        Assert.Equal(10, usage.GetProperty("outputTokens").GetInt32());
        Assert.True(frames[^1].Json.GetProperty("metrics").TryGetProperty("latencyMs", out _));
    }

    [Fact]
    public async Task InvokeModel_returns_the_Anthropic_body_and_token_headers()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", BedrockHttp.AnthropicBody("abcdefgh", 100, outputTokens: 7));
        Assert.Equal(200, r.Status);
        Assert.Equal("2", r.Header("X-Amzn-Bedrock-Input-Token-Count"));
        Assert.Equal("7", r.Header("X-Amzn-Bedrock-Output-Token-Count"));
        Assert.NotNull(r.Header("X-Amzn-Bedrock-Invocation-Latency"));
        var json = r.Json;
        Assert.Equal("message", json.GetProperty("type").GetString());
        Assert.StartsWith("msg_bdrk_", json.GetProperty("id").GetString());
        Assert.Equal("end_turn", json.GetProperty("stop_reason").GetString());
        Assert.Equal(7, TokenCounting.Count(json.GetProperty("content")[0].GetProperty("text").GetString()));
        Assert.Equal(2, json.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(7, json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task InvokeModelWithResponseStream_sends_base64_Anthropic_chunks_ending_with_invocation_metrics()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke-with-response-stream", BedrockHttp.AnthropicBody("abcd", 100, outputTokens: 9));
        Assert.Equal(200, r.Status);
        Assert.Equal("application/json", r.Header("X-Amzn-Bedrock-Content-Type"));
        var events = BedrockHttp.Frames(r.Body)
            .Select(f =>
            {
                Assert.Equal("chunk", f.Kind);
                return JsonDocument.Parse(Convert.FromBase64String(f.Json.GetProperty("bytes").GetString()!)).RootElement;
            })
            .ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["message_start", "content_block_start"], types[..2]);
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], types[^3..]);
        var text = string.Concat(events.Where(e => e.GetProperty("type").GetString() == "content_block_delta").Select(e => e.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal(9, TokenCounting.Count(text));
        Assert.Equal(9, events[^2].GetProperty("usage").GetProperty("output_tokens").GetInt32());
        var metrics = events[^1].GetProperty("amazon-bedrock-invocationMetrics");
        Assert.Equal(1, metrics.GetProperty("inputTokenCount").GetInt32());
        Assert.Equal(9, metrics.GetProperty("outputTokenCount").GetInt32());
        Assert.True(metrics.TryGetProperty("firstByteLatency", out _));
    }

    [Fact]
    public async Task CountTokens_counts_Converse_and_base64_InvokeModel_input()
    {
        var converse = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.HaikuBase, "count-tokens",
            """{"input":{"converse":{"system":[{"text":"abcd"}],"messages":[{"role":"user","content":[{"text":"abcdefgh"}]}]}}}""");
        Assert.Equal(200, converse.Status);
        Assert.Equal(3, converse.Json.GetProperty("inputTokens").GetInt32());
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(BedrockHttp.AnthropicBody("abcdefghijklmnop")));
        var invoke = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.HaikuBase, "count-tokens", "{\"input\":{\"invokeModel\":{\"body\":\"" + body + "\"}}}");
        Assert.Equal(4, invoke.Json.GetProperty("inputTokens").GetInt32());
    }

    [Theory]
    [InlineData("/model/global.anthropic.claude-haiku-4-5-20251001-v1:0/converse")]
    [InlineData("/model/global.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse")]
    [InlineData("/model/global.anthropic.claude-haiku-4-5-20251001-v1%3a0/converse")]
    public async Task Every_encoding_of_a_colon_in_the_model_ID_is_accepted(string rawTarget)
    {
        var r = await BedrockHttp.PostRawTargetAsync(_emu.Http1Url, rawTarget, BedrockHttp.ConverseBody("hi", 10, outputTokens: 2));
        Assert.Equal(200, r.Status);
    }

    [Fact]
    public async Task An_unknown_operation_is_404()
    {
        var r = await BedrockHttp.PostRawTargetAsync(_emu.Http1Url, "/model/x/chat", "{}");
        Assert.Equal(404, r.Status);
        Assert.Equal("UnknownOperationException", r.Header("x-amzn-ErrorType"));
    }
}
