using LoadTest.Core;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using LoadTest.Bedrock.Client;
using LoadTest.Core.Models;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Emulator.Tests;

/// <summary>Our own client (src/Bedrock) passes the same cases as the JavaScript SDK, over HTTP/1.1.</summary>
public sealed class OurClientConformanceTests : IAsyncLifetime
{
    private EmulatorServer _emu = null!;
    private BedrockRuntimeClient _client = null!;

    public async Task InitializeAsync()
    {
        _emu = await TestEmulator.StartAsync(ConformanceTests.Yaml);
        _client = new BedrockRuntimeClient(new BedrockClientOptions
        {
            ServiceUrl = _emu.Http1Url,
            Region = "us-east-1",
            RetryMode = RetryMode.None,
            MaxAttempts = 1,
            Credentials = new BasicAWSCredentials("AKIDLOADTESTDUMMY", "loadtest-dummy-secret"),
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emu.DisposeAsync();
    }

    private static ConverseRequest Request(int outputTokens, int maxTokens = 200) => new()
    {
        Messages = [new Message { Role = "user", Content = [ContentBlock.FromText("Name three festivals celebrated in India.")] }],
        InferenceConfig = new InferenceConfiguration { MaxTokens = maxTokens },
        RequestMetadata = new Dictionary<string, string> { [OutputSteering.MetadataKey] = outputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    private static byte[] AnthropicBody(int outputTokens) => Encoding.UTF8.GetBytes(BedrockHttp.AnthropicBody("Describe a cricket final.", 200, outputTokens));

    [Fact]
    public async Task Converse()
    {
        var result = await _client.ConverseAsync(TestEmulator.Haiku, Request(12));
        Assert.Equal(12, result.Response.Usage.OutputTokens);
        Assert.Equal("end_turn", result.Response.StopReason);
        Assert.Equal(12, TokenCounting.Count(result.Response.Output.Message!.Content[0].Text));
        Assert.Equal("us-east-1", result.Report.InferenceRegion);
        Assert.False(string.IsNullOrEmpty(result.Report.RequestId));
    }

    [Fact]
    public async Task ConverseStream()
    {
        await using var stream = await _client.ConverseStreamAsync(TestEmulator.Haiku, Request(21));
        var text = new StringBuilder();
        TokenUsage? usage = null;
        string? stop = null;
        var first = true;
        await foreach (var e in stream.Events())
        {
            if (first)
            {
                Assert.NotNull(e.MessageStart);
                first = false;
            }

            text.Append(e.ContentBlockDelta?.Delta.Text);
            stop ??= e.MessageStop?.StopReason;
            usage ??= e.Metadata?.Usage;
        }

        Assert.Equal(21, TokenCounting.Count(text.ToString()));
        Assert.Equal("end_turn", stop);
        Assert.Equal(21, usage!.OutputTokens);
        Assert.True(usage.InputTokens > 0);
    }

    [Fact]
    public async Task InvokeModel()
    {
        var result = await _client.InvokeModelAsync(TestEmulator.Haiku, AnthropicBody(9));
        var body = JsonSerializer.Deserialize(result.Response.Body.Span, BedrockJsonContext.Default.AnthropicResponse)!;
        Assert.Equal(9, body.Usage.OutputTokens);
        Assert.Equal(9, result.Response.OutputTokenCount);
        Assert.True(result.Response.InputTokenCount > 0);
        Assert.NotNull(result.Response.InvocationLatencyMs);
    }

    [Fact]
    public async Task InvokeModelWithResponseStream()
    {
        await using var stream = await _client.InvokeModelWithResponseStreamAsync(TestEmulator.Haiku, AnthropicBody(17));
        var types = new List<string>();
        var text = new StringBuilder();
        JsonElement? metrics = null;
        await foreach (var e in stream.Events())
        {
            var json = JsonDocument.Parse(e.Bytes).RootElement;
            types.Add(json.GetProperty("type").GetString()!);
            if (json.TryGetProperty("delta", out var d) && d.TryGetProperty("text", out var t))
            {
                text.Append(t.GetString());
            }

            if (json.TryGetProperty("amazon-bedrock-invocationMetrics", out var m))
            {
                metrics = m;
            }
        }

        Assert.Equal("message_start", types[0]);
        Assert.Equal("message_stop", types[^1]);
        Assert.Equal(17, TokenCounting.Count(text.ToString()));
        Assert.Equal(17, metrics!.Value.GetProperty("outputTokenCount").GetInt32());
    }

    [Fact]
    public async Task InvokeModel_with_thinking()
    {
        var body = Encoding.UTF8.GetBytes(ThinkingAndToolTests.AnthropicThinking(
            "Plan a festival week. " + OutputSteering.ThinkingMarker(1100) + OutputSteering.Marker(20), 2000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1500}"));
        var result = await _client.InvokeModelAsync(TestEmulator.Haiku, body);
        var json = JsonDocument.Parse(result.Response.Body).RootElement;
        Assert.Equal(["thinking", "text"], json.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("type").GetString()));
        Assert.Equal(1100, TokenCounting.Count(json.GetProperty("content")[0].GetProperty("thinking").GetString()));
        Assert.Equal(1120, result.Response.OutputTokenCount);
    }

    [Fact]
    public async Task InvokeModelWithResponseStream_with_thinking()
    {
        var body = Encoding.UTF8.GetBytes(ThinkingAndToolTests.AnthropicThinking(
            "Plan a festival week. " + OutputSteering.ThinkingMarker(1100) + OutputSteering.Marker(20), 2000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1500}"));
        await using var stream = await _client.InvokeModelWithResponseStreamAsync(TestEmulator.Haiku, body);
        var deltas = new List<string>();
        JsonElement? metrics = null;
        await foreach (var e in stream.Events())
        {
            var json = JsonDocument.Parse(e.Bytes).RootElement;
            if (json.TryGetProperty("delta", out var d) && d.TryGetProperty("type", out var t))
            {
                deltas.Add(t.GetString()!);
            }

            if (json.TryGetProperty("amazon-bedrock-invocationMetrics", out var m))
            {
                metrics = m;
            }
        }

        var signature = deltas.IndexOf("signature_delta");
        Assert.All(deltas[..signature], t => Assert.Equal("thinking_delta", t));
        Assert.All(deltas[(signature + 1)..], t => Assert.Equal("text_delta", t));
        Assert.Equal(1120, metrics!.Value.GetProperty("outputTokenCount").GetInt32());
    }

    [Fact]
    public async Task InvokeModel_tool_use_across_two_turns()
    {
        var first = await _client.InvokeModelAsync(TestEmulator.Haiku, Encoding.UTF8.GetBytes(ThinkingAndToolTests.AnthropicTools(
            """[{"role":"user","content":"weather in Kochi?"}]""", ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_weather\"}")));
        var answer = JsonDocument.Parse(first.Response.Body).RootElement;
        Assert.Equal("tool_use", answer.GetProperty("stop_reason").GetString());
        var use = answer.GetProperty("content")[0];
        Assert.Equal("celsius", use.GetProperty("input").GetProperty("unit").GetString());

        var messages = $$"""[{"role":"user","content":"weather in Kochi?"},{"role":"assistant","content":[{{use.GetRawText()}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"{{use.GetProperty("id").GetString()}}","content":"29 degrees"}]}]""";
        var second = await _client.InvokeModelAsync(TestEmulator.Haiku, Encoding.UTF8.GetBytes(ThinkingAndToolTests.AnthropicTools(messages)));
        Assert.Equal("end_turn", JsonDocument.Parse(second.Response.Body).RootElement.GetProperty("stop_reason").GetString());
        Assert.True(second.Response.InputTokenCount > first.Response.InputTokenCount);
    }

    [Fact]
    public async Task InvokeModelWithResponseStream_tool_use()
    {
        var body = Encoding.UTF8.GetBytes(ThinkingAndToolTests.AnthropicTools("""[{"role":"user","content":"weather in Agra? [[loadtest:tool-call]]"}]"""));
        await using var stream = await _client.InvokeModelWithResponseStreamAsync(TestEmulator.Haiku, body);
        var partial = new StringBuilder();
        string? stop = null;
        await foreach (var e in stream.Events())
        {
            var json = JsonDocument.Parse(e.Bytes).RootElement;
            if (json.TryGetProperty("delta", out var d))
            {
                if (d.TryGetProperty("partial_json", out var p))
                {
                    partial.Append(p.GetString());
                }

                if (d.TryGetProperty("stop_reason", out var r))
                {
                    stop = r.GetString();
                }
            }
        }

        Assert.Equal("celsius", JsonDocument.Parse(partial.ToString()).RootElement.GetProperty("unit").GetString());
        Assert.Equal("tool_use", stop);
    }

    [Fact]
    public async Task Nova_2_Lite_through_Converse_and_its_own_InvokeModel_body()
    {
        var converse = await _client.ConverseAsync(ModelFamilyTests.Nova, Request(12));
        Assert.Equal(12, converse.Response.Usage.OutputTokens);

        var body = Encoding.UTF8.GetBytes(ModelFamilyTests.NovaBody("Describe a kite festival. " + OutputSteering.Marker(8)));
        var invoke = await _client.InvokeModelAsync(ModelFamilyTests.Nova, body);
        var json = JsonDocument.Parse(invoke.Response.Body).RootElement;
        Assert.Equal(8, json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        Assert.Equal(8, invoke.Response.OutputTokenCount);
        Assert.Equal(json.GetProperty("usage").GetProperty("inputTokens").GetInt32(), invoke.Response.InputTokenCount);
    }

    [Fact]
    public async Task Nova_2_Lite_InvokeModelWithResponseStream()
    {
        var body = Encoding.UTF8.GetBytes(ModelFamilyTests.NovaBody("Describe a kite festival. " + OutputSteering.Marker(15)));
        await using var stream = await _client.InvokeModelWithResponseStreamAsync(ModelFamilyTests.Nova, body);
        var keys = new List<string>();
        JsonElement last = default;
        await foreach (var e in stream.Events())
        {
            last = JsonDocument.Parse(e.Bytes).RootElement;
            keys.Add(last.EnumerateObject().First().Name);
        }

        Assert.Equal("messageStart", keys[0]);
        Assert.Equal(["contentBlockStop", "messageStop", "metadata"], keys[^3..]);
        Assert.Equal(15, last.GetProperty("amazon-bedrock-invocationMetrics").GetProperty("outputTokenCount").GetInt32());
    }

    [Fact]
    public async Task Cohere_Embed_v4_InvokeModel()
    {
        var body = Encoding.UTF8.GetBytes("""{"texts":["abcdefgh","abcd"],"input_type":"search_document"}""");
        var result = await _client.InvokeModelAsync(ModelFamilyTests.Embed, body, accept: "*/*");
        var json = JsonDocument.Parse(result.Response.Body).RootElement;
        Assert.Equal("embeddings_floats", json.GetProperty("response_type").GetString());
        Assert.Equal(2, json.GetProperty("embeddings").GetArrayLength());
        Assert.Equal(3, result.Response.InputTokenCount);
        Assert.Equal(0, result.Response.OutputTokenCount);
    }

    [Fact]
    public async Task CountTokens()
    {
        var result = await _client.CountTokensAsync(TestEmulator.HaikuBase, new CountTokensRequest
        {
            Input = new CountTokensInput
            {
                Converse = new ConverseCountInput { Messages = [new Message { Content = [ContentBlock.FromText("abcdefgh")] }] },
            },
        });
        Assert.Equal(2, result.Response.InputTokens);
    }

    [Fact]
    public async Task Application_inference_profile_ARN()
    {
        var result = await _client.ConverseAsync(ConformanceTests.Arn, Request(3));
        Assert.Equal(3, result.Response.Usage.OutputTokens);
    }

    [Fact]
    public async Task Unknown_model_is_ValidationException()
    {
        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => _client.ConverseAsync("anthropic.claude-no-such-model-v9:0", Request(3)));
        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("model identifier is invalid", e.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_messages_is_ValidationException()
    {
        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => _client.ConverseAsync(TestEmulator.Haiku, new ConverseRequest { InferenceConfig = new InferenceConfiguration { MaxTokens = 10 } }));
        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public async Task Tiny_RPM_is_ThrottlingException_recognised_as_a_throttle()
    {
        BedrockServiceException? throttle = null;
        for (var i = 0; i < 20 && throttle is null; i++)
        {
            try
            {
                await _client.ConverseAsync("us.anthropic.claude-haiku-4-5-20251001-v1:0", Request(2));
            }
            catch (BedrockServiceException e)
            {
                throttle = e;
            }
        }

        Assert.NotNull(throttle);
        Assert.Equal("ThrottlingException", throttle.ErrorCode);
        Assert.Equal(429, throttle.StatusCode);
        Assert.True(throttle.IsThrottle);
        Assert.Equal("Too many requests, please wait before trying again.", throttle.ServiceMessage);
    }
}
