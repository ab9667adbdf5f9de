using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.Runtime.EventStreams;
using LoadTest.Core.Models;

namespace LoadTest.Emulator.Tests;

/// <summary>Claude's extended and adaptive thinking and tool use, through a real loopback server in both APIs.</summary>
public sealed class ThinkingAndToolTests : IAsyncLifetime
{
    private const string Sonnet46 = "global.anthropic.claude-sonnet-4-6";

    private const string WeatherSchema = """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"detailed":{"type":"boolean"},"note":{"type":"string"}},"required":["city","days","unit","detailed"]}""";

    private EmulatorServer _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(TestEmulator.Instant);

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    internal static string ConverseThinking(string text, int maxTokens, string thinking, string extra = "")
        => $$"""{"messages":[{"role":"user","content":[{"text":{{JsonSerializer.Serialize(text)}}}]}],"inferenceConfig":{"maxTokens":{{maxTokens}}},"additionalModelRequestFields":{{{thinking}}}{{extra}}}""";

    internal static string AnthropicThinking(string text, int maxTokens, string thinking, string extra = "")
        => $$"""{"anthropic_version":"bedrock-2023-05-31","max_tokens":{{maxTokens}},"messages":[{"role":"user","content":{{JsonSerializer.Serialize(text)}}}],{{thinking}}{{extra}}}""";

    internal static string ConverseTools(string messages, string choice = "")
        => "{\"messages\":" + messages + ",\"inferenceConfig\":{\"maxTokens\":1000},\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"description\":\"Weather for a city\",\"inputSchema\":{\"json\":"
           + WeatherSchema + "}}}]" + choice + "}}";

    internal static string AnthropicTools(string messages, string choice = "")
        => $$"""{"anthropic_version":"bedrock-2023-05-31","max_tokens":4000,"messages":{{messages}},"tools":[{"name":"get_weather","description":"Weather for a city","input_schema":{{WeatherSchema}}}]{{choice}}}""";

    private static List<JsonElement> Chunks(byte[] body) => BedrockHttp.Frames(body)
        .Select(f => JsonDocument.Parse(Convert.FromBase64String(f.Json.GetProperty("bytes").GetString()!)).RootElement)
        .ToList();

    private static void AssertFillsSchema(JsonElement input)
    {
        Assert.Equal(JsonValueKind.String, input.GetProperty("city").ValueKind);
        Assert.Equal(JsonValueKind.Number, input.GetProperty("days").ValueKind);
        Assert.True(input.GetProperty("days").TryGetInt64(out _));
        Assert.Equal("celsius", input.GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.True, input.GetProperty("detailed").ValueKind);
        Assert.False(input.TryGetProperty("note", out _));
    }

    [Fact]
    public async Task Converse_thinking_comes_first_as_reasoningContent_and_counts_in_output_tokens()
    {
        var prompt = "Think " + OutputSteering.ThinkingMarker(2000) + OutputSteering.Marker(50);
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse",
            ConverseThinking(prompt, 8000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":4000}"));

        Assert.Equal(200, r.Status);
        var content = r.Json.GetProperty("output").GetProperty("message").GetProperty("content");
        Assert.Equal(2, content.GetArrayLength());
        var reasoning = content[0].GetProperty("reasoningContent").GetProperty("reasoningText");
        Assert.Equal(2000, TokenCounting.Count(reasoning.GetProperty("text").GetString()));
        Assert.False(string.IsNullOrEmpty(reasoning.GetProperty("signature").GetString()));
        Assert.Equal(50, TokenCounting.Count(content[1].GetProperty("text").GetString()));
        Assert.Equal(2050, r.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        Assert.Equal("end_turn", r.Json.GetProperty("stopReason").GetString());
    }

    [Fact]
    public async Task Unsteered_thinking_uses_half_the_budget_and_the_older_reasoning_config_spelling_is_accepted()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse",
            ConverseThinking("Think " + OutputSteering.Marker(10), 8000, "\"reasoning_config\":{\"type\":\"enabled\",\"budget_tokens\":3000}"));

        Assert.Equal(200, r.Status);
        Assert.Equal(1510, r.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task Thinking_and_text_share_max_tokens_and_the_visible_text_is_cut_first()
    {
        var prompt = OutputSteering.ThinkingMarker(1500) + OutputSteering.Marker(900);
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke",
            AnthropicThinking(prompt, 2000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1500}"));

        Assert.Equal(200, r.Status);
        Assert.Equal("max_tokens", r.Json.GetProperty("stop_reason").GetString());
        Assert.Equal(2000, r.Json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(500, TokenCounting.Count(r.Json.GetProperty("content")[1].GetProperty("text").GetString()));
        Assert.Equal("2000", r.Header("X-Amzn-Bedrock-Output-Token-Count"));
    }

    [Fact]
    public async Task ConverseStream_sends_reasoning_text_deltas_then_the_signature_then_the_text_block()
    {
        var prompt = OutputSteering.ThinkingMarker(1100) + OutputSteering.Marker(30);
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse-stream",
            ConverseThinking(prompt, 4000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"));

        var frames = BedrockHttp.Frames(r.Body);
        Assert.Equal("messageStart", frames[0].Kind);
        Assert.Equal(["messageStop", "metadata"], frames.Select(f => f.Kind).ToArray()[^2..]);
        var stops = frames.Select((f, i) => (f, i)).Where(x => x.f.Kind == "contentBlockStop").ToList();
        Assert.Equal([0, 1], stops.Select(s => s.f.Json.GetProperty("contentBlockIndex").GetInt32()));
        var reasoning = frames.Take(stops[0].i).Where(f => f.Kind == "contentBlockDelta").Select(f => f.Json).ToList();
        Assert.All(reasoning, d => Assert.Equal(0, d.GetProperty("contentBlockIndex").GetInt32()));
        var thinking = string.Concat(reasoning.SkipLast(1).Select(d => d.GetProperty("delta").GetProperty("reasoningContent").GetProperty("text").GetString()));
        Assert.Equal(1100, TokenCounting.Count(thinking));
        Assert.False(string.IsNullOrEmpty(reasoning[^1].GetProperty("delta").GetProperty("reasoningContent").GetProperty("signature").GetString()));
        var text = frames.Skip(stops[0].i + 1).Take(stops[1].i - stops[0].i - 1).Select(f => f.Json).ToList();
        Assert.All(text, d => Assert.Equal(1, d.GetProperty("contentBlockIndex").GetInt32()));
        Assert.Equal(30, TokenCounting.Count(string.Concat(text.Select(d => d.GetProperty("delta").GetProperty("text").GetString()))));
        Assert.Equal(1130, frames[^1].Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task InvokeModel_answers_a_thinking_block_with_signature_before_the_text()
    {
        var prompt = OutputSteering.ThinkingMarker(1200) + OutputSteering.Marker(20);
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke",
            AnthropicThinking(prompt, 4000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"));

        Assert.Equal(200, r.Status);
        var content = r.Json.GetProperty("content");
        Assert.Equal("thinking", content[0].GetProperty("type").GetString());
        Assert.Equal(1200, TokenCounting.Count(content[0].GetProperty("thinking").GetString()));
        Assert.False(string.IsNullOrEmpty(content[0].GetProperty("signature").GetString()));
        Assert.Equal("text", content[1].GetProperty("type").GetString());
        Assert.Equal(1220, r.Json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task InvokeModelWithResponseStream_sends_thinking_delta_signature_delta_then_text()
    {
        var prompt = OutputSteering.ThinkingMarker(1030) + OutputSteering.Marker(12);
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke-with-response-stream",
            AnthropicThinking(prompt, 4000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"));

        var events = Chunks(r.Body);
        var types = events.Select(e => e.GetProperty("type").GetString() + ":" + (e.TryGetProperty("delta", out var d) && d.TryGetProperty("type", out var t) ? t.GetString() : e.TryGetProperty("content_block", out var b) ? b.GetProperty("type").GetString() : "")).ToList();
        Assert.Equal(["message_start:", "content_block_start:thinking"], types[..2]);
        var signature = types.IndexOf("content_block_delta:signature_delta");
        Assert.All(types[2..signature], t => Assert.Equal("content_block_delta:thinking_delta", t));
        Assert.Equal(["content_block_stop:", "content_block_start:text"], types[(signature + 1)..(signature + 3)]);
        Assert.Equal(["content_block_stop:", "message_delta:", "message_stop:"], types[^3..]);
        var thinking = string.Concat(events.Where(e => e.TryGetProperty("delta", out var d) && d.TryGetProperty("thinking", out _)).Select(e => e.GetProperty("delta").GetProperty("thinking").GetString()));
        Assert.Equal(1030, TokenCounting.Count(thinking));
        Assert.Equal(1, events[signature + 2].GetProperty("index").GetInt32());
        Assert.Equal(1042, events[^2].GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(1042, events[^1].GetProperty("amazon-bedrock-invocationMetrics").GetProperty("outputTokenCount").GetInt32());
    }

    [Fact]
    public async Task Adaptive_thinking_runs_on_Sonnet_46_and_is_refused_on_Haiku_45_in_Claudes_words()
    {
        var ok = await BedrockHttp.PostAsync(_emu.Http1Url, Sonnet46, "invoke", AnthropicThinking("hi " + OutputSteering.Marker(5), 4000, "\"thinking\":{\"type\":\"adaptive\"}"));
        Assert.Equal(200, ok.Status);
        Assert.Equal(1005, ok.Json.GetProperty("usage").GetProperty("output_tokens").GetInt32());

        var refused = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", ConverseThinking("hi", 4000, "\"thinking\":{\"type\":\"adaptive\"}"));
        Assert.Equal(400, refused.Status);
        Assert.Equal("ValidationException", refused.Header("x-amzn-ErrorType"));
        Assert.Equal("The model returned the following errors: adaptive thinking is not supported on this model", refused.Json.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("converse", 4000, 1000, "The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")]
    [InlineData("converse", 4000, 4000, "The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size")]
    [InlineData("invoke", 4000, 1000, "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")]
    [InlineData("invoke", 2000, 3000, "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size")]
    public async Task A_budget_below_1024_or_not_below_max_tokens_is_a_ValidationException(string operation, int maxTokens, int budget, string message)
    {
        var thinking = $"\"thinking\":{{\"type\":\"enabled\",\"budget_tokens\":{budget}}}";
        var body = operation == "converse" ? ConverseThinking("hi", maxTokens, thinking) : AnthropicThinking("hi", maxTokens, thinking);
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, operation, body);
        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Header("x-amzn-ErrorType"));
        Assert.Equal(message, r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_interleaved_thinking_beta_lets_the_budget_exceed_max_tokens_and_other_betas_are_accepted()
    {
        var invoke = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", AnthropicThinking("hi " + OutputSteering.ThinkingMarker(1500), 2000,
            "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000}", ",\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\",\"token-efficient-tools-2025-02-19\",\"fine-grained-tool-streaming-2025-05-14\"]"));
        Assert.Equal(200, invoke.Status);
        Assert.Equal(1500, TokenCounting.Count(invoke.Json.GetProperty("content")[0].GetProperty("thinking").GetString()));

        var converse = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse",
            ConverseThinking("hi", 2000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000},\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"]"));
        Assert.Equal(200, converse.Status);
    }

    [Fact]
    public async Task A_temperature_other_than_1_with_thinking_is_refused()
    {
        var converse = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse",
            ConverseThinking("hi", 4000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}").Replace("{\"maxTokens\":4000}", "{\"maxTokens\":4000,\"temperature\":0.5}", StringComparison.Ordinal));
        Assert.Equal(400, converse.Status);
        Assert.StartsWith("The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled.", converse.Json.GetProperty("message").GetString());

        var adaptive = await BedrockHttp.PostAsync(_emu.Http1Url, Sonnet46, "invoke", AnthropicThinking("hi", 4000, "\"thinking\":{\"type\":\"adaptive\"}", ",\"temperature\":0.2"));
        Assert.Equal("`temperature` may only be set to 1 when thinking is enabled or in adaptive mode", adaptive.Json.GetProperty("message").GetString());

        var one = await BedrockHttp.PostAsync(_emu.Http1Url, Sonnet46, "invoke", AnthropicThinking("hi", 4000, "\"thinking\":{\"type\":\"adaptive\"}", ",\"temperature\":1"));
        Assert.Equal(200, one.Status);
    }

    [Fact]
    public async Task The_anthropic_beta_header_is_accepted_and_Nova_calls_tools_through_Converse_too()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_emu.Http1Url, $"model/{Uri.EscapeDataString(TestEmulator.Haiku)}/invoke"))
        {
            Content = new StringContent(AnthropicTools("""[{"role":"user","content":"weather? [[loadtest:tool-call]]"}]"""), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-beta", "token-efficient-tools-2025-02-19,interleaved-thinking-2025-05-14");
        using var response = await client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var invoke = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("tool_use", invoke.GetProperty("stop_reason").GetString());

        var nova = await BedrockHttp.PostAsync(_emu.Http1Url, ModelFamilyTests.Nova, "converse",
            ConverseTools("""[{"role":"user","content":[{"text":"weather?"}]}]""", ",\"toolChoice\":{\"tool\":{\"name\":\"get_weather\"}}"));
        Assert.Equal(200, nova.Status);
        Assert.Equal("tool_use", nova.Json.GetProperty("stopReason").GetString());
        AssertFillsSchema(nova.Json.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("toolUse").GetProperty("input"));
    }

    [Fact]
    public async Task Forced_tool_use_with_thinking_is_refused()
    {
        var body = AnthropicTools("""[{"role":"user","content":"weather?"}]""", ",\"tool_choice\":{\"type\":\"any\"},\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}");
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", body);
        Assert.Equal(400, r.Status);
        Assert.Equal("Thinking may not be enabled when tool_choice forces tool use.", r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Converse_toolChoice_any_answers_a_toolUse_whose_input_fills_the_required_fields()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse",
            ConverseTools("""[{"role":"user","content":[{"text":"weather in Paris?"}]}]""", ",\"toolChoice\":{\"any\":{}}"));

        Assert.Equal(200, r.Status);
        Assert.Equal("tool_use", r.Json.GetProperty("stopReason").GetString());
        var content = r.Json.GetProperty("output").GetProperty("message").GetProperty("content");
        Assert.Equal(1, content.GetArrayLength());
        var use = content[0].GetProperty("toolUse");
        Assert.StartsWith("tooluse_", use.GetProperty("toolUseId").GetString());
        Assert.Equal("get_weather", use.GetProperty("name").GetString());
        AssertFillsSchema(use.GetProperty("input"));
        Assert.Equal(TokenCounting.Count(use.GetProperty("input").GetRawText()), r.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task ConverseStream_opens_a_toolUse_block_and_streams_its_input_as_JSON_fragments()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse-stream",
            ConverseTools("""[{"role":"user","content":[{"text":"weather? [[loadtest:tool-call]]"}]}]"""));

        var frames = BedrockHttp.Frames(r.Body);
        Assert.Equal(["messageStart", "contentBlockStart"], frames.Select(f => f.Kind).ToArray()[..2]);
        var start = frames[1].Json;
        Assert.Equal(0, start.GetProperty("contentBlockIndex").GetInt32());
        Assert.Equal("get_weather", start.GetProperty("start").GetProperty("toolUse").GetProperty("name").GetString());
        Assert.StartsWith("tooluse_", start.GetProperty("start").GetProperty("toolUse").GetProperty("toolUseId").GetString());
        var deltas = frames.Where(f => f.Kind == "contentBlockDelta").ToList();
        Assert.True(deltas.Count > 1);
        var input = string.Concat(deltas.Select(d => d.Json.GetProperty("delta").GetProperty("toolUse").GetProperty("input").GetString()));
        AssertFillsSchema(JsonDocument.Parse(input).RootElement);
        Assert.Equal(["contentBlockStop", "messageStop", "metadata"], frames.Select(f => f.Kind).ToArray()[^3..]);
        Assert.Equal("tool_use", frames[^2].Json.GetProperty("stopReason").GetString());
    }

    [Fact]
    public async Task InvokeModelWithResponseStream_streams_a_tool_use_as_input_json_deltas_after_a_steered_preamble()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke-with-response-stream",
            AnthropicTools($$"""[{"role":"user","content":"weather? {{OutputSteering.ToolCall("get_weather")}} {{OutputSteering.Marker(40)}}"}]"""));

        var events = Chunks(r.Body);
        var starts = events.Where(e => e.GetProperty("type").GetString() == "content_block_start").Select(e => e.GetProperty("content_block")).ToList();
        Assert.Equal(["text", "tool_use"], starts.Select(b => b.GetProperty("type").GetString()));
        Assert.StartsWith("toolu_bdrk_01", starts[1].GetProperty("id").GetString());
        Assert.Equal("get_weather", starts[1].GetProperty("name").GetString());
        var partial = string.Concat(events.Where(e => e.TryGetProperty("delta", out var d) && d.TryGetProperty("partial_json", out _))
            .Select(e => e.GetProperty("delta").GetProperty("partial_json").GetString()));
        var input = JsonDocument.Parse(partial).RootElement;
        AssertFillsSchema(input);
        var delta = events[^2];
        Assert.Equal("tool_use", delta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(40, delta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Two_Converse_turns_a_tool_call_then_the_answer_with_the_whole_conversation_counted()
    {
        var first = """[{"role":"user","content":[{"text":"weather in Paris? [[loadtest:tool-call]]"}]}]""";
        var r1 = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", ConverseTools(first));
        Assert.Equal("tool_use", r1.Json.GetProperty("stopReason").GetString());
        var use = r1.Json.GetProperty("output").GetProperty("message").GetProperty("content")[0].GetProperty("toolUse");
        var id = use.GetProperty("toolUseId").GetString();
        var input = use.GetProperty("input").GetRawText();

        var second = $$$"""[{"role":"user","content":[{"text":"weather in Paris? [[loadtest:tool-call]]"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"{{{id}}}","name":"get_weather","input":{{{input}}}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"{{{id}}}","content":[{"text":"18 degrees and sunny"}],"status":"success"}}]}]""";
        var r2 = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", ConverseTools(second));

        Assert.Equal(200, r2.Status);
        Assert.Equal("end_turn", r2.Json.GetProperty("stopReason").GetString());
        Assert.True(r2.Json.GetProperty("output").GetProperty("message").GetProperty("content")[0].TryGetProperty("text", out _));
        var added = TokenCounting.Count("get_weather") + TokenCounting.Count(input) + TokenCounting.Count("18 degrees and sunny");
        Assert.Equal(r1.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32() + added, r2.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32());
    }

    [Fact]
    public async Task Tool_definitions_count_as_input_tokens_in_both_APIs()
    {
        var plain = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody("weather?", 1000));
        var tools = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", ConverseTools("""[{"role":"user","content":[{"text":"weather?"}]}]"""));
        var definitions = TokenCounting.Count("get_weather") + TokenCounting.Count("Weather for a city") + TokenCounting.Count(WeatherSchema);
        Assert.Equal(plain.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32() + definitions, tools.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32());

        var anthropic = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", AnthropicTools("""[{"role":"user","content":"weather?"}]"""));
        Assert.Equal(tools.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32(), anthropic.Json.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task Two_InvokeModel_turns_tool_use_then_tool_result()
    {
        var r1 = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", AnthropicTools("""[{"role":"user","content":"weather?"}]""", ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_weather\"}"));
        Assert.Equal("tool_use", r1.Json.GetProperty("stop_reason").GetString());
        var use = r1.Json.GetProperty("content")[0];
        var id = use.GetProperty("id").GetString();
        var second = $$"""[{"role":"user","content":"weather?"},{"role":"assistant","content":[{{use.GetRawText()}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"{{id}}","content":"18 degrees"}]}]""";
        var r2 = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", AnthropicTools(second));
        Assert.Equal(200, r2.Status);
        Assert.Equal("end_turn", r2.Json.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task A_toolResult_without_a_matching_toolUse_is_refused_in_Bedrocks_words()
    {
        const string Orphan = """[{"role":"user","content":[{"text":"hi"}]},{"role":"assistant","content":[{"text":"hello"}]},{"role":"user","content":[{"toolResult":{"toolUseId":"tooluse_nothing","content":[{"text":"x"}]}}]}]""";
        var converse = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", ConverseTools(Orphan));
        Assert.Equal(400, converse.Status);
        Assert.Equal("ValidationException", converse.Header("x-amzn-ErrorType"));
        Assert.Equal("The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn.", converse.Json.GetProperty("message").GetString());

        const string Mismatch = """[{"role":"user","content":[{"text":"hi"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_a","name":"get_weather","input":{}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"tooluse_b","content":[{"text":"x"}]}}]}]""";
        var mismatch = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", ConverseTools(Mismatch));
        Assert.Equal(
            "The model returned the following errors: messages.2.content.0: unexpected `tool_use_id` found in `tool_result` blocks: tooluse_b. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.",
            mismatch.Json.GetProperty("message").GetString());

        var noConfig = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", "{\"messages\":" + Mismatch + "}");
        Assert.Equal("The toolConfig field must be defined when using toolUse and toolResult content blocks.", noConfig.Json.GetProperty("message").GetString());

        const string AnthropicOrphan = """[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_x","content":"x"}]}]""";
        var invoke = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", AnthropicTools(AnthropicOrphan));
        Assert.Equal(400, invoke.Status);
        Assert.Equal(
            "messages.2.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.",
            invoke.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unanswered_toolUse_is_refused()
    {
        const string Unanswered = """[{"role":"user","content":[{"text":"hi"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_a","name":"get_weather","input":{}}}]},{"role":"user","content":[{"text":"go on"}]}]""";
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", ConverseTools(Unanswered));
        Assert.Equal("Expected toolResult blocks at messages.2.content for the following Ids: tooluse_a", r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Thinking_tokens_settle_in_the_quota_as_output_at_the_models_burndown()
    {
        using var dir = new TempDirectory("loadtest-think-");
        await using (var emu = await TestEmulator.StartAsync(TestEmulator.Instant, o => o with { LogDirectory = dir.Path }))
        {
            var body = AnthropicThinking(OutputSteering.ThinkingMarker(1500) + OutputSteering.Marker(20), 4000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}");
            Assert.Equal(200, (await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "invoke", body)).Status);
        }

        var e = JsonDocument.Parse(File.ReadAllLines(dir.File("cloudtrail.jsonl")).Single()).RootElement;
        Assert.Equal(1520, e.GetProperty("outputTokens").GetInt32());
        Assert.Equal(e.GetProperty("inputTokens").GetInt64() + (1520 * 5), e.GetProperty("quotaTokens").GetInt64());
    }

    [Fact]
    public void A_tool_input_fills_nested_required_fields_typed_lists_and_minimum_items_and_stays_ASCII()
    {
        const string Schema = """
            {"type":"object","required":["trip","tags","maybe","ratio","città"],
             "properties":{
               "trip":{"type":"object","required":["from","legs"],"properties":{"from":{"type":"string"},"legs":{"type":"integer"},"optional":{"type":"string"}}},
               "tags":{"type":"array","minItems":2,"items":{"type":"string","enum":["a","b"]}},
               "maybe":{"type":["null","number"]},
               "ratio":{"type":"number"},
               "città":{"type":"boolean"}}}
            """;
        var json = LoadTest.Emulator.Generation.ToolInput.For(JsonDocument.Parse(Schema).RootElement);
        Assert.All(json, c => Assert.True(c < 128));
        var input = JsonDocument.Parse(json).RootElement;
        Assert.Equal(JsonValueKind.String, input.GetProperty("trip").GetProperty("from").ValueKind);
        Assert.Equal(1, input.GetProperty("trip").GetProperty("legs").GetInt32());
        Assert.False(input.GetProperty("trip").TryGetProperty("optional", out _));
        Assert.Equal(["a", "a"], input.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Number, input.GetProperty("maybe").ValueKind);
        Assert.Equal(JsonValueKind.Number, input.GetProperty("ratio").ValueKind);
        Assert.Equal(JsonValueKind.True, input.GetProperty("città").ValueKind);
        Assert.Equal(json, LoadTest.Emulator.Generation.ToolInput.For(JsonDocument.Parse(Schema).RootElement));
    }

    [Fact]
    public async Task CountTokens_counts_tool_definitions_as_the_request_would()
    {
        var converse = ConverseTools("""[{"role":"user","content":[{"text":"weather?"}]}]""");
        var sent = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", converse);
        var counted = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.HaikuBase, "count-tokens", "{\"input\":{\"converse\":" + converse + "}}");
        Assert.Equal(sent.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32(), counted.Json.GetProperty("inputTokens").GetInt32());

        var anthropic = AnthropicTools("""[{"role":"user","content":"weather?"}]""");
        var blob = Convert.ToBase64String(Encoding.UTF8.GetBytes(anthropic));
        var invokeCount = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.HaikuBase, "count-tokens", "{\"input\":{\"invokeModel\":{\"body\":\"" + blob + "\"}}}");
        Assert.Equal(sent.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32(), invokeCount.Json.GetProperty("inputTokens").GetInt32());
    }

    [Fact]
    public async Task The_first_visible_token_waits_for_the_thinking()
    {
        await using var paced = await TestEmulator.StartAsync(TestEmulator.Paced("100ms", "0ms", 1000));
        var body = AnthropicThinking(OutputSteering.ThinkingMarker(1500) + OutputSteering.Marker(10), 4000, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}");
        var url = new Uri(paced.Http1Url, $"model/{Uri.EscapeDataString(TestEmulator.Haiku)}/invoke-with-response-stream");
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        TimeSpan? firstThinking = null;
        TimeSpan? firstText = null;
        int read;
        while (firstText is null && (read = await stream.ReadAsync(chunk)) > 0)
        {
            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
            while (buffer.Count >= 4)
            {
                var total = (buffer[0] << 24) | (buffer[1] << 16) | (buffer[2] << 8) | buffer[3];
                if (buffer.Count < total)
                {
                    break;
                }

                var frame = buffer.GetRange(0, total).ToArray();
                buffer.RemoveRange(0, total);
                var message = EventStreamMessage.FromBuffer(frame, 0, total);
                var payload = JsonDocument.Parse(message.Payload).RootElement.GetProperty("bytes").GetString()!;
                var e = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement;
                if (e.TryGetProperty("delta", out var d) && d.TryGetProperty("type", out var type))
                {
                    if (type.ValueEquals("thinking_delta"))
                    {
                        firstThinking ??= clock.Elapsed;
                    }
                    else if (type.ValueEquals("text_delta"))
                    {
                        firstText ??= clock.Elapsed;
                    }
                }
            }
        }

        // TTFT 100 ms, then 1,500 thinking tokens at 1,000 tokens/s before the first visible token.
        Assert.NotNull(firstThinking);
        Assert.InRange(firstThinking.Value.TotalMilliseconds, 90, 900);
        Assert.NotNull(firstText);
        Assert.True(firstText.Value.TotalMilliseconds >= 1_550, $"first text after {firstText.Value.TotalMilliseconds} ms");
        Assert.True(firstText.Value - firstThinking.Value >= TimeSpan.FromMilliseconds(1_400));
    }
}
