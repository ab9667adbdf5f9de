using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;
using LoadTest.Core;
using LoadTest.Core.Models;
using LoadTest.Emulator;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>
/// Thinking, tool use, Nova and Cohere Embed through the client against the in-process emulator:
/// what the harness sends, and what the call report measures from each answer.
/// </summary>
public sealed class ModelFeatureTests : IAsyncLifetime
{
    private const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    private const string Nova = "global.amazon.nova-2-lite-v1:0";
    private const string Embed = "global.cohere.embed-v4:0";
    private const int ThinkingTokens = 400;

    private static readonly JsonElement WeatherSchema = JsonDocument.Parse("""
        {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["city", "unit"]}
        """).RootElement.Clone();

    private EmulatorServer _emu = null!;
    private BedrockRuntimeClient _client = null!;

    public async Task InitializeAsync()
    {
        // A tenth of the modelled latency: Haiku thinks at 1,400 tokens/s, so 400 thinking tokens
        // put ~0.3 s between the first thinking delta and the first text delta.
        _emu = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            LatencyScale = 0.1,
            Jitter = 0,
            Regions = ["us-east-1"],
            Http2Port = null,
        });
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

    private static Dictionary<string, string> Steer(int outputTokens, int? thinkingTokens = null)
    {
        var metadata = new Dictionary<string, string> { [OutputSteering.MetadataKey] = outputTokens.ToString(CultureInfo.InvariantCulture) };
        if (thinkingTokens is { } t)
        {
            metadata[OutputSteering.ThinkingMetadataKey] = t.ToString(CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    private static ConverseRequest ThinkingConverse() => new()
    {
        Messages = [new Message { Content = [ContentBlock.FromText("Plan the festival week.")] }],
        InferenceConfig = new InferenceConfiguration { MaxTokens = 2000 },
        AdditionalModelRequestFields = new ClaudeRequestFields { Thinking = AnthropicThinking.Enabled(1024) }.ToJson(),
        RequestMetadata = Steer(30, ThinkingTokens),
    };

    private static AnthropicRequest ThinkingAnthropic() => InvokeBodies.Anthropic(ThinkingConverse());

    private static void AssertThinking(CallReport report, bool streamed)
    {
        Assert.Equal(1, report.ThinkingBlocks);
        Assert.InRange(report.ThinkingTokensEstimate!.Value, ThinkingTokens - 2, ThinkingTokens + 2);
        Assert.Equal(ThinkingTokens + 30, report.Usage!.OutputTokens);
        Assert.Equal("end_turn", report.StopReason);
        Assert.Empty(report.ToolCalls);

        // The block is kept whole for the next turn: the streamed deltas joined, the signature from its own event.
        var kept = Assert.Single(report.Thinking);
        Assert.Equal(report.ThinkingTextBytes, System.Text.Encoding.UTF8.GetByteCount(kept.Text!));
        Assert.Equal(64, Convert.FromBase64String(kept.Signature!).Length);
        if (streamed)
        {
            Assert.True(report.TimeToFirstToken < report.TimeToFirstVisibleToken, $"TTFT {report.TimeToFirstToken} should come before the first visible token {report.TimeToFirstVisibleToken}");
            Assert.True(report.DeltaArrivals.Count > ThinkingTokens / 4, "thinking deltas are output deltas");
        }
        else
        {
            Assert.Equal(report.TimeToFirstToken, report.TimeToFirstVisibleToken);
        }
    }

    [Fact]
    public async Task Converse_thinking_is_counted_and_its_length_estimated()
    {
        var result = await _client.ConverseAsync(Haiku, ThinkingConverse());
        AssertThinking(result.Report, streamed: false);
        Assert.NotNull(result.Response.Output.Message!.Content[0].ReasoningContent);
    }

    [Fact]
    public async Task ConverseStream_thinking_delays_the_first_visible_token_not_TTFT()
    {
        await using var stream = await _client.ConverseStreamAsync(Haiku, ThinkingConverse());
        var reasoningDeltas = 0;
        await foreach (var e in stream.Events())
        {
            reasoningDeltas += e.ContentBlockDelta?.Delta.ReasoningContent?.Text is { Length: > 0 } ? 1 : 0;
        }

        AssertThinking(stream.Report, streamed: true);
        Assert.True(reasoningDeltas > 0);
    }

    [Fact]
    public async Task InvokeModel_thinking_is_counted_and_its_length_estimated()
    {
        var result = await _client.InvokeModelAsync(Haiku, ThinkingAnthropic());
        AssertThinking(result.Report, streamed: false);
    }

    [Fact]
    public async Task InvokeModelWithResponseStream_thinking_delays_the_first_visible_token_not_TTFT()
    {
        await using var stream = await _client.InvokeModelWithResponseStreamAsync(Haiku, ThinkingAnthropic());
        await stream.ReadToEndAsync();
        AssertThinking(stream.Report, streamed: true);
    }

    [Fact]
    public async Task Adaptive_thinking_reaches_the_emulator_in_both_APIs()
    {
        const string sonnet46 = "global.anthropic.claude-sonnet-4-6";
        var request = ThinkingConverse() with { AdditionalModelRequestFields = new ClaudeRequestFields { Thinking = AnthropicThinking.Adaptive() }.ToJson() };
        var converse = await _client.ConverseAsync(sonnet46, request);
        var invoke = await _client.InvokeModelAsync(sonnet46, InvokeBodies.Anthropic(request));
        Assert.InRange(converse.Report.ThinkingTokensEstimate!.Value, ThinkingTokens - 2, ThinkingTokens + 2);
        Assert.InRange(invoke.Report.ThinkingTokensEstimate!.Value, ThinkingTokens - 2, ThinkingTokens + 2);

        // Adaptive thinking is refused on a model without it: the body really carried the switch.
        var refused = await Assert.ThrowsAsync<BedrockServiceException>(() => _client.ConverseAsync(Haiku, request));
        Assert.Equal("ValidationException", refused.ErrorCode);
    }

    private static ToolConfiguration WeatherTools() => new()
    {
        Tools = [ToolDefinition.Spec("get_weather", "Weather for a city", WeatherSchema)],
        ToolChoice = ToolChoiceConfig.AutoChoice(),
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Converse_tool_use_takes_two_turns(bool streamed)
    {
        var ask = new Message { Content = [ContentBlock.FromText("Weather in Pune? " + OutputSteering.ToolCallMarker)] };
        var first = new ConverseRequest { Messages = [ask], InferenceConfig = new InferenceConfiguration { MaxTokens = 500 }, ToolConfig = WeatherTools() };
        var firstReport = await ConverseOnce(first, streamed);
        Assert.Equal("tool_use", firstReport.StopReason);
        var call = Assert.Single(firstReport.ToolCalls);
        Assert.Equal("get_weather", call.Name);
        Assert.StartsWith("tooluse_", call.Id, StringComparison.Ordinal);
        using (var input = JsonDocument.Parse(call.InputJson))
        {
            Assert.Equal("celsius", input.RootElement.GetProperty("unit").GetString());
            Assert.Equal(JsonValueKind.String, input.RootElement.GetProperty("city").ValueKind);
        }

        Assert.NotNull(firstReport.TimeToFirstVisibleToken);

        var second = first with
        {
            Messages =
            [
                ask,
                new Message { Role = "assistant", Content = [call.ToConverseBlock()] },
                new Message { Content = [ContentBlock.ToolResultJson(call.Id, JsonDocument.Parse("""{"tempC": 31}""").RootElement.Clone())] },
            ],
        };
        var secondReport = await ConverseOnce(second, streamed);
        Assert.Equal("end_turn", secondReport.StopReason);
        Assert.Empty(secondReport.ToolCalls);
        Assert.True(secondReport.Usage!.InputTokens > firstReport.Usage!.InputTokens, "the second turn resends the conversation");
    }

    private async Task<CallReport> ConverseOnce(ConverseRequest request, bool streamed)
    {
        if (!streamed)
        {
            return (await _client.ConverseAsync(Haiku, request)).Report;
        }

        await using var stream = await _client.ConverseStreamAsync(Haiku, request);
        await stream.ReadToEndAsync();
        return stream.Report;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Anthropic_tool_use_takes_two_turns(bool streamed)
    {
        var ask = ContentBlock.FromText("Weather in Pune? " + OutputSteering.ToolCallMarker);
        var converse = new ConverseRequest { Messages = [new Message { Content = [ask] }], InferenceConfig = new InferenceConfiguration { MaxTokens = 500 }, ToolConfig = WeatherTools() };
        var first = InvokeBodies.Anthropic(converse);
        var firstReport = await InvokeOnce(first, streamed);
        Assert.Equal("tool_use", firstReport.StopReason);
        var call = Assert.Single(firstReport.ToolCalls);
        Assert.Equal("get_weather", call.Name);
        Assert.StartsWith("toolu_", call.Id, StringComparison.Ordinal);
        Assert.Contains("\"city\"", call.InputJson, StringComparison.Ordinal);

        var second = first with
        {
            Messages =
            [
                .. first.Messages,
                AnthropicMessage.Of("assistant", [call.ToAnthropicBlock()]),
                AnthropicMessage.Of("user", [AnthropicContentBlock.ToolResultText(call.Id, "31 degrees, sunny")]),
            ],
        };
        var secondReport = await InvokeOnce(second, streamed);
        Assert.Equal("end_turn", secondReport.StopReason);
        Assert.Empty(secondReport.ToolCalls);
    }

    private async Task<CallReport> InvokeOnce(AnthropicRequest request, bool streamed)
    {
        if (!streamed)
        {
            return (await _client.InvokeModelAsync(Haiku, request)).Report;
        }

        await using var stream = await _client.InvokeModelWithResponseStreamAsync(Haiku, request);
        await stream.ReadToEndAsync();
        return stream.Report;
    }

    private static ConverseRequest NovaConverse() => new()
    {
        System = [new SystemContentBlock { Text = "You are a concise assistant." }],
        Messages = [new Message { Content = [ContentBlock.FromText("What is machine learning?")] }],
        InferenceConfig = new InferenceConfiguration { MaxTokens = 512, Temperature = 0.7f },
        RequestMetadata = Steer(24),
    };

    [Fact]
    public async Task Nova_2_Lite_answers_through_all_four_operations()
    {
        Assert.Equal(ModelFamily.AmazonNova, ModelCatalog.FamilyOf(Nova));
        var reports = new List<CallReport>
        {
            (await _client.ConverseAsync(Nova, NovaConverse())).Report,
        };

        await using (var stream = await _client.ConverseStreamAsync(Nova, NovaConverse()))
        {
            await stream.ReadToEndAsync();
            reports.Add(stream.Report);
        }

        // The native body steers through the prompt marker (Nova's body has no metadata field).
        var nativeRequest = NovaConverse() with { Messages = [new Message { Content = [ContentBlock.FromText("What is machine learning? [[loadtest:output-tokens=24]]")] }] };
        var native = InvokeBodies.Nova(nativeRequest);
        var invoke = await _client.InvokeModelAsync(Nova, native);
        using (var body = JsonDocument.Parse(invoke.Response.Body))
        {
            Assert.Equal("assistant", body.RootElement.GetProperty("output").GetProperty("message").GetProperty("role").GetString());
        }

        reports.Add(invoke.Report);
        await using (var stream = await _client.InvokeModelWithResponseStreamAsync(Nova, native))
        {
            await stream.ReadToEndAsync();
            Assert.True(stream.Report.DeltaArrivals.Count > 0, "Nova's contentBlockDelta chunks are text deltas");
            Assert.NotNull(stream.Report.TimeToFirstToken);
            reports.Add(stream.Report);
        }

        foreach (var report in reports)
        {
            Assert.Equal("end_turn", report.StopReason);
            Assert.Equal(24, report.Usage!.OutputTokens);
            Assert.True(report.Usage.InputTokens > 0);
            Assert.Null(report.ThinkingTokensEstimate);
            Assert.Equal(report.TimeToFirstToken, report.TimeToFirstVisibleToken);
        }
    }

    [Fact]
    public async Task Cohere_Embed_v4_reports_vectors_dimension_and_input_tokens()
    {
        string[] texts = ["hello world", "this is a test", "a third text of some more words"];
        var request = new CohereEmbedRequest { Texts = [.. texts], InputType = "search_document", EmbeddingTypes = ["int8", "float"], OutputDimension = 512 };
        var result = await _client.InvokeModelAsync(Embed, request);
        Assert.Equal(3, result.Report.EmbeddingCount);
        Assert.Equal(512, result.Report.EmbeddingDimension);
        Assert.Equal(texts.Sum(TokenCounting.Count), result.Response.InputTokenCount);
        Assert.Equal(result.Response.InputTokenCount, result.Report.Usage!.InputTokens);
        Assert.Equal(0, result.Report.Usage.OutputTokens);
        Assert.Empty(result.Report.ToolCalls);

        var plain = await _client.InvokeModelAsync(Embed, new CohereEmbedRequest { Texts = [.. texts], InputType = "search_query" });
        Assert.Equal(3, plain.Report.EmbeddingCount);
        Assert.Equal(1536, plain.Report.EmbeddingDimension);
    }
}
