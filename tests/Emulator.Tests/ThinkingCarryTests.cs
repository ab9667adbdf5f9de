using System.Text.Json;
using System.Text.Json.Nodes;
using LoadTest.Core.Models;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// Claude's rule for a tool-use exchange with thinking on, over HTTP: the turn that answers a tool call
/// must send back the assistant turn with its signed thinking block first, unchanged. Without it, with a
/// changed text, or with a signature the emulator did not issue for that text, the request is a 400
/// ValidationException in Claude's words; sent back as it came, it is answered.
/// </summary>
public sealed class ThinkingCarryTests : IAsyncLifetime
{
    private const string ModelErrors = "The model returned the following errors: ";

    private const string Missing = "messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks).";

    private const string Schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""";

    private const string Question = "weather in Paris? [[loadtest:tool-call]]";

    private EmulatorServer _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(TestEmulator.Instant);

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private static string Converse(JsonArray messages) => new JsonObject
    {
        ["messages"] = messages,
        ["inferenceConfig"] = new JsonObject { ["maxTokens"] = 4000 },
        ["toolConfig"] = JsonNode.Parse("""{"tools":[{"toolSpec":{"name":"get_weather","description":"Weather for a city","inputSchema":{"json":""" + Schema + "}}}]}"),
        ["additionalModelRequestFields"] = JsonNode.Parse("""{"thinking":{"type":"enabled","budget_tokens":1024}}"""),
    }.ToJsonString();

    private static string Anthropic(JsonArray messages) => new JsonObject
    {
        ["anthropic_version"] = "bedrock-2023-05-31",
        ["max_tokens"] = 4000,
        ["messages"] = messages,
        ["tools"] = JsonNode.Parse($$"""[{"name":"get_weather","description":"Weather for a city","input_schema":{{Schema}}}]"""),
        ["thinking"] = JsonNode.Parse("""{"type":"enabled","budget_tokens":1024}"""),
    }.ToJsonString();

    /// <summary>The second turn: the question, the assistant turn with <paramref name="answer"/> as its content, the tool's result.</summary>
    private static JsonArray SecondTurn(JsonNode question, JsonArray answer, JsonNode result)
        => [new JsonObject { ["role"] = "user", ["content"] = question.DeepClone() }, new JsonObject { ["role"] = "assistant", ["content"] = answer }, new JsonObject { ["role"] = "user", ["content"] = new JsonArray(result) }];

    private async Task<JsonArray> ConverseAnswerAsync()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", Converse([JsonNode.Parse($$"""{"role":"user","content":[{"text":"{{Question}}"}]}""")]));
        Assert.Equal("tool_use", r.Json.GetProperty("stopReason").GetString());
        return (JsonArray)JsonNode.Parse(r.Json.GetProperty("output").GetProperty("message").GetProperty("content").GetRawText())!;
    }

    private async Task<BedrockHttp.Reply> ConverseSecondAsync(JsonArray answer)
    {
        var id = answer.Single(b => b!["toolUse"] is not null)!["toolUse"]!["toolUseId"]!.GetValue<string>();
        var result = JsonNode.Parse($$$"""{"toolResult":{"toolUseId":"{{{id}}}","content":[{"text":"18 degrees"}]}}""")!;
        return await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", Converse(SecondTurn(JsonNode.Parse($$"""[{"text":"{{Question}}"}]""")!, answer, result)));
    }

    private static void AssertRefused(BedrockHttp.Reply reply, string message)
    {
        Assert.Equal(400, reply.Status);
        Assert.Equal("ValidationException", reply.Header("x-amzn-ErrorType"));
        Assert.Equal(message, reply.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Converse_the_signed_reasoningContent_sent_back_unchanged_is_answered()
    {
        var answer = await ConverseAnswerAsync();
        var reasoning = answer[0]!["reasoningContent"]!["reasoningText"]!;
        Assert.Equal(512, TokenCounting.Count(reasoning["text"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(reasoning["signature"]!.GetValue<string>()));

        var r = await ConverseSecondAsync(answer);

        Assert.Equal(200, r.Status);
        Assert.Equal("end_turn", r.Json.GetProperty("stopReason").GetString());
    }

    [Fact]
    public async Task Converse_a_tool_turn_sent_back_without_its_thinking_block_is_refused_in_Claudes_words()
    {
        var answer = await ConverseAnswerAsync();
        answer.RemoveAt(0);

        var r = await ConverseSecondAsync(answer);

        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Header("x-amzn-ErrorType"));
        Assert.StartsWith(ModelErrors + Missing, r.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Converse_a_changed_thinking_text_a_foreign_signature_or_none_is_refused()
    {
        var changed = await ConverseAnswerAsync();
        var text = changed[0]!["reasoningContent"]!["reasoningText"]!;
        text["text"] = "X" + text["text"]!.GetValue<string>()[1..];
        AssertRefused(await ConverseSecondAsync(changed), ModelErrors + "messages.1.content.0: Invalid `signature` in `thinking` block");

        // Another answer's signature over the same thinking text (the emulator's filler): issued, but not for this block.
        var foreign = await ConverseAnswerAsync();
        var other = await ConverseAnswerAsync();
        Assert.Equal(foreign[0]!["reasoningContent"]!["reasoningText"]!["text"]!.GetValue<string>(), other[0]!["reasoningContent"]!["reasoningText"]!["text"]!.GetValue<string>());
        var mine = foreign[0]!["reasoningContent"]!["reasoningText"]!;
        var theirs = other[0]!["reasoningContent"]!["reasoningText"]!["signature"]!.GetValue<string>();
        Assert.NotEqual(mine["signature"]!.GetValue<string>(), theirs);
        mine["signature"] = theirs[..^4] + (theirs[^4..] == "AAAA" ? "BBBB" : "AAAA");
        AssertRefused(await ConverseSecondAsync(foreign), ModelErrors + "messages.1.content.0: Invalid `signature` in `thinking` block");

        var unsigned = await ConverseAnswerAsync();
        ((JsonObject)unsigned[0]!["reasoningContent"]!["reasoningText"]!).Remove("signature");
        AssertRefused(await ConverseSecondAsync(unsigned), ModelErrors + "messages.1.content.0.thinking.signature: Field required");
    }

    [Fact]
    public async Task InvokeModel_the_thinking_block_goes_back_before_the_tool_use_block_or_the_turn_is_refused()
    {
        var question = JsonValue.Create(Question)!;
        var r1 = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", Anthropic([new JsonObject { ["role"] = "user", ["content"] = question.DeepClone() }]));
        Assert.Equal("tool_use", r1.Json.GetProperty("stop_reason").GetString());
        var content = (JsonArray)JsonNode.Parse(r1.Json.GetProperty("content").GetRawText())!;
        Assert.Equal(["thinking", "tool_use"], content.Select(b => b!["type"]!.GetValue<string>()));
        var id = content[1]!["id"]!.GetValue<string>();
        var result = JsonNode.Parse($$"""{"type":"tool_result","tool_use_id":"{{id}}","content":"18 degrees"}""")!;

        Task<BedrockHttp.Reply> SecondAsync(JsonArray answer)
            => BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", Anthropic(SecondTurn(question, answer, result.DeepClone())));

        var ok = await SecondAsync((JsonArray)content.DeepClone());
        Assert.Equal(200, ok.Status);

        var missing = await SecondAsync([content[1]!.DeepClone()]);
        Assert.Equal((400, "ValidationException"), (missing.Status, missing.Header("x-amzn-ErrorType")));
        Assert.StartsWith(Missing, missing.Json.GetProperty("message").GetString(), StringComparison.Ordinal);

        var tampered = (JsonArray)content.DeepClone();
        var signature = tampered[0]!["signature"]!.GetValue<string>();
        tampered[0]!["signature"] = (signature[0] == 'A' ? "B" : "A") + signature[1..];
        AssertRefused(await SecondAsync(tampered), "messages.1.content.0: Invalid `signature` in `thinking` block");
    }

    [Fact]
    public async Task Without_thinking_on_a_tool_turn_needs_no_thinking_block()
    {
        var body = Converse([JsonNode.Parse($$"""{"role":"user","content":[{"text":"{{Question}}"}]}""")]).Replace("\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}", "\"additionalModelRequestFields\":{}", StringComparison.Ordinal);
        var r1 = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", body);
        var answer = (JsonArray)JsonNode.Parse(r1.Json.GetProperty("output").GetProperty("message").GetProperty("content").GetRawText())!;
        Assert.DoesNotContain(answer, b => b!["reasoningContent"] is not null);
        var id = answer.Single(b => b!["toolUse"] is not null)!["toolUse"]!["toolUseId"]!.GetValue<string>();
        var second = SecondTurn(JsonNode.Parse($$"""[{"text":"{{Question}}"}]""")!, answer, JsonNode.Parse($$$"""{"toolResult":{"toolUseId":"{{{id}}}","content":[{"text":"18 degrees"}]}}""")!);
        var json = Converse(second).Replace("\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}", "\"additionalModelRequestFields\":{}", StringComparison.Ordinal);

        var r2 = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", json);

        Assert.Equal(200, r2.Status);
    }
}
