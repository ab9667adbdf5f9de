using System.Text.Json;
using LoadTest.Core.Models;

namespace LoadTest.Emulator.Tests;

/// <summary>Amazon Nova 2 Lite and Cohere Embed v4 through a real loopback server, checked against their published wire shapes.</summary>
public sealed class ModelFamilyTests : IAsyncLifetime
{
    internal const string Nova = "global.amazon.nova-2-lite-v1:0";
    internal const string Embed = "global.cohere.embed-v4:0";

    private EmulatorServer _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(TestEmulator.Instant);

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    internal static string NovaBody(string text, string inferenceConfig = """{"maxTokens":100}""", string extra = "")
        => $$"""{"messages":[{"role":"user","content":[{"text":{{JsonSerializer.Serialize(text)}}}]}],"system":[{"text":"Be brief."}],"inferenceConfig":{{inferenceConfig}}{{extra}}}""";

    private static List<JsonElement> Chunks(BedrockHttp.Reply r) => BedrockHttp.Frames(r.Body)
        .Select(f =>
        {
            Assert.Equal("chunk", f.Kind);
            return JsonDocument.Parse(Convert.FromBase64String(f.Json.GetProperty("bytes").GetString()!)).RootElement;
        })
        .ToList();

    private static float[] Vector(JsonElement json) => json.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    [Theory]
    [InlineData("global.amazon.nova-2-lite-v1:0")]
    [InlineData("us.amazon.nova-2-lite-v1:0")]
    [InlineData("eu.amazon.nova-2-lite-v1:0")]
    [InlineData("apac.amazon.nova-2-lite-v1:0")]
    [InlineData("jp.amazon.nova-2-lite-v1:0")]
    [InlineData("amazon.nova-2-lite-v1:0")]
    public async Task Nova_2_Lite_answers_Converse_on_every_profile_AWS_publishes(string modelId)
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, modelId, "converse", BedrockHttp.ConverseBody("abcdefgh", 100, outputTokens: 12));
        Assert.Equal(200, r.Status);
        Assert.Equal(12, r.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        Assert.Equal(2, r.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32());
    }

    [Fact]
    public async Task Nova_ConverseStream_sends_the_Converse_events()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, Nova, "converse-stream", BedrockHttp.ConverseBody("abcd", 100, outputTokens: 9));
        var kinds = BedrockHttp.Frames(r.Body).Select(f => f.Kind).ToList();
        Assert.Equal("messageStart", kinds[0]);
        Assert.Equal(["contentBlockStop", "messageStop", "metadata"], kinds[^3..]);
    }

    [Fact]
    public async Task Nova_InvokeModel_answers_in_Novas_own_body_with_token_headers()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, Nova, "invoke", NovaBody("abcdefgh " + OutputSteering.Marker(7)));
        Assert.Equal(200, r.Status);
        var json = r.Json;
        var message = json.GetProperty("output").GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal(7, TokenCounting.Count(message.GetProperty("content")[0].GetProperty("text").GetString()));
        Assert.Equal("end_turn", json.GetProperty("stopReason").GetString());
        var usage = json.GetProperty("usage");
        var input = usage.GetProperty("inputTokens").GetInt32();
        Assert.Equal(3 + 10, input); // "Be brief." is 9 bytes -> 3 tokens; the prompt with its marker 37 bytes -> 10
        Assert.Equal(7, usage.GetProperty("outputTokens").GetInt32());
        Assert.Equal(input + 7, usage.GetProperty("totalTokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("cacheReadInputTokenCount").GetInt32());
        Assert.Equal(0, usage.GetProperty("cacheWriteInputTokenCount").GetInt32());
        Assert.Equal(input.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Header("X-Amzn-Bedrock-Input-Token-Count"));
        Assert.Equal("7", r.Header("X-Amzn-Bedrock-Output-Token-Count"));
    }

    [Fact]
    public async Task Nova_InvokeModel_takes_the_older_schemaVersion_and_max_new_tokens_spellings()
    {
        var body = NovaBody("hi " + OutputSteering.Marker(50), """{"max_new_tokens":5,"top_p":0.9,"top_k":20,"temperature":0.7}""", ""","schemaVersion":"messages-v1" """);
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, Nova, "invoke", body);
        Assert.Equal(200, r.Status);
        Assert.Equal("max_tokens", r.Json.GetProperty("stopReason").GetString());
        Assert.Equal(5, r.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task Nova_InvokeModelWithResponseStream_sends_Novas_chunks_ending_with_metadata_and_invocation_metrics()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, Nova, "invoke-with-response-stream", NovaBody("abcd " + OutputSteering.Marker(9)));
        Assert.Equal(200, r.Status);
        Assert.Equal("application/json", r.Header("X-Amzn-Bedrock-Content-Type"));
        var chunks = Chunks(r);
        var keys = chunks.Select(c => c.EnumerateObject().First().Name).ToList();
        Assert.Equal("messageStart", keys[0]);
        Assert.Equal("assistant", chunks[0].GetProperty("messageStart").GetProperty("role").GetString());
        Assert.Equal(["contentBlockStop", "messageStop", "metadata"], keys[^3..]);
        Assert.All(keys[1..^3], k => Assert.Equal("contentBlockDelta", k));
        var text = string.Concat(chunks[1..^3].Select(c => c.GetProperty("contentBlockDelta").GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal(9, TokenCounting.Count(text));
        Assert.Equal("end_turn", chunks[^2].GetProperty("messageStop").GetProperty("stopReason").GetString());
        var last = chunks[^1];
        var usage = last.GetProperty("metadata").GetProperty("usage");
        Assert.Equal(9, usage.GetProperty("outputTokens").GetInt32());
        Assert.False(usage.TryGetProperty("totalTokens", out _), "Nova's stream metadata has no total");
        var metrics = last.GetProperty("amazon-bedrock-invocationMetrics");
        Assert.Equal(usage.GetProperty("inputTokens").GetInt32(), metrics.GetProperty("inputTokenCount").GetInt32());
        Assert.Equal(9, metrics.GetProperty("outputTokenCount").GetInt32());
        Assert.True(metrics.TryGetProperty("firstByteLatency", out _));
    }

    [Theory]
    [InlineData("""{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""", "#: extraneous key [anthropic_version] is not permitted#: extraneous key [max_tokens] is not permitted, reformat your input and try again.")]
    [InlineData("""{"input_type":"search_document","texts":["hi"]}""", "Malformed input request: #: required key [messages] not found#: extraneous key [input_type] is not permitted#: extraneous key [texts] is not permitted, reformat")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"maxTokens":70000}}""", "#/inferenceConfig/maxTokens: 70000 is not less or equal to 65535")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"hi"}]}],"top_p":0.9}""", "#: extraneous key [top_p] is not permitted")]
    public async Task A_body_Nova_does_not_take_is_a_ValidationException_in_Bedrocks_words(string body, string expected)
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, Nova, "invoke", body);
        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Header("x-amzn-ErrorType"));
        Assert.Contains(expected, r.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_v4_answers_float_embeddings_that_depend_only_on_the_text_with_input_tokens_only()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, Embed, "invoke", """{"input_type":"search_document","texts":["hello world","this is a test","hello world"]}""");
        Assert.Equal(200, r.Status);
        var json = r.Json;
        Assert.Equal("embeddings_floats", json.GetProperty("response_type").GetString());
        Assert.True(Guid.TryParse(json.GetProperty("id").GetString(), out _));
        Assert.Equal(["hello world", "this is a test", "hello world"], json.GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        var vectors = json.GetProperty("embeddings").EnumerateArray().Select(Vector).ToList();
        Assert.Equal(3, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(1536, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 3));
        Assert.Equal(vectors[0], vectors[2]);
        Assert.NotEqual(vectors[0], vectors[1]);
        Assert.Equal((3 + 4 + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Header("X-Amzn-Bedrock-Input-Token-Count")); // 11, 14, 11 bytes
        Assert.Equal("0", r.Header("X-Amzn-Bedrock-Output-Token-Count"));

        var again = await BedrockHttp.PostAsync(_emu.Http1Url, "us.cohere.embed-v4:0", "invoke", """{"input_type":"search_query","texts":["hello world"]}""");
        Assert.Equal(vectors[0], Vector(again.Json.GetProperty("embeddings")[0]));
    }

    [Fact]
    public async Task Embed_v4_answers_each_requested_type_at_the_requested_dimension()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, Embed, "invoke",
            """{"input_type":"classification","texts":["one","two"],"embedding_types":["float","int8","uint8","binary","ubinary"],"output_dimension":256}""");
        Assert.Equal(200, r.Status);
        var json = r.Json;
        Assert.Equal("embeddings_by_type", json.GetProperty("response_type").GetString());
        var e = json.GetProperty("embeddings");
        var floats = Vector(e.GetProperty("float")[1]);
        var int8 = e.GetProperty("int8")[1].EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var uint8 = e.GetProperty("uint8")[1].EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var binary = e.GetProperty("binary")[1].EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var ubinary = e.GetProperty("ubinary")[1].EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(256, floats.Length);
        Assert.Equal(256, int8.Length);
        Assert.Equal(32, ubinary.Length);
        Assert.Contains(int8, v => Math.Abs(v) == 127);
        Assert.All(int8.Zip(floats), p => Assert.True(p.First == 0 || Math.Sign(p.First) == Math.Sign(p.Second)));
        Assert.Equal(int8.Select(v => v + 128), uint8);
        Assert.Equal(ubinary.Select(v => v - 128), binary);
        for (var i = 0; i < 256; i++)
        {
            Assert.Equal(floats[i] > 0, (ubinary[i / 8] & (0x80 >> (i % 8))) != 0);
        }
    }

    [Theory]
    [InlineData("texts", "#/texts: expected maximum item count: 96, found: 97, please reformat your input and try again.")]
    [InlineData("type", "#/embedding_types/0: double is not a valid enum value")]
    [InlineData("dimension", "#/output_dimension: 768 is not a valid enum value")]
    [InlineData("anthropic", "#: required key [input_type] not found#: required key [texts] not found#: required key [images] not found#: required key [inputs] not found#: extraneous key [anthropic_version] is not permitted#: extraneous key [messages] is not permitted")]
    public async Task A_body_Embed_v4_does_not_take_is_a_ValidationException_in_Bedrocks_words(string mistake, string expected)
    {
        var body = mistake switch
        {
            "texts" => $$"""{"input_type":"search_document","texts":[{{string.Join(",", Enumerable.Repeat("\"x\"", 97))}}]}""",
            "type" => """{"input_type":"search_document","texts":["x"],"embedding_types":["double"]}""",
            "dimension" => """{"input_type":"search_document","texts":["x"],"output_dimension":768}""",
            _ => BedrockHttp.AnthropicBody("hi", 10),
        };
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, Embed, "invoke", body);
        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Header("x-amzn-ErrorType"));
        Assert.Contains(expected, r.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Embed, "converse", "This action doesn't support the model that you provided. Try again with a supported text or chat model.")]
    [InlineData(Embed, "converse-stream", "This action doesn't support the model that you provided. Try again with a supported text or chat model.")]
    [InlineData(Embed, "invoke-with-response-stream", "The model is unsupported for streaming")]
    [InlineData(Nova, "count-tokens", "The provided model doesn't support counting tokens.")]
    [InlineData(Embed, "count-tokens", "The provided model doesn't support counting tokens.")]
    public async Task An_operation_the_model_does_not_support_is_a_ValidationException(string modelId, string operation, string message)
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, modelId, operation, BedrockHttp.ConverseBody("hi"));
        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Header("x-amzn-ErrorType"));
        Assert.Equal(message, r.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_embedding_request_to_a_text_model_is_a_ValidationException()
    {
        var claude = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", """{"input_type":"search_document","texts":["hi"]}""");
        Assert.Equal(400, claude.Status);
        Assert.Contains("required key [max_tokens] not found", claude.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        var nova = await BedrockHttp.PostAsync(_emu.Http1Url, Nova, "invoke", """{"input_type":"search_document","texts":["hi"]}""");
        Assert.Equal(400, nova.Status);
        Assert.Equal("ValidationException", nova.Header("x-amzn-ErrorType"));
    }

    [Fact]
    public async Task A_models_entry_and_an_application_profile_speak_their_familys_body()
    {
        const string arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/nova1";
        await using var emu = await TestEmulator.StartAsync($$"""
            models:
              - id: us.amazon.nova-pro-v1:0
              - id: {{arn}}
                target: global.amazon.nova-2-lite-v1:0
              - id: my-embedder
                family: cohere-embed
            emulator:
              latencyScale: 0
            """);
        foreach (var id in new[] { "us.amazon.nova-pro-v1:0", arn })
        {
            var r = await BedrockHttp.PostAsync(emu.Http1Url, id, "invoke", NovaBody("hi " + OutputSteering.Marker(4)));
            Assert.Equal(200, r.Status);
            Assert.Equal(4, r.Json.GetProperty("usage").GetProperty("outputTokens").GetInt32());
        }

        var embed = await BedrockHttp.PostAsync(emu.Http1Url, "my-embedder", "invoke", """{"input_type":"clustering","texts":["abcd"]}""");
        Assert.Equal(200, embed.Status);
        Assert.Equal("embeddings_floats", embed.Json.GetProperty("response_type").GetString());
    }

    [Fact]
    public async Task An_embedding_request_takes_its_input_tokens_from_the_quota_and_reserves_no_output()
    {
        // 100 TPM: a 90-token request fits only if nothing is reserved for output (a text model would hold maxTokens too).
        await using var emu = await TestEmulator.StartAsync("""
            models:
              - { id: global.cohere.embed-v4:0, tpm: 100, rpm: 1000 }
            emulator:
              latencyScale: 0
            """);
        var text = new string('a', 360); // 90 tokens
        var first = await BedrockHttp.PostAsync(emu.Http1Url, Embed, "invoke", $$"""{"input_type":"search_document","texts":["{{text}}"]}""");
        Assert.Equal(200, first.Status);
        Assert.Equal("90", first.Header("X-Amzn-Bedrock-Input-Token-Count"));
        var second = await BedrockHttp.PostAsync(emu.Http1Url, Embed, "invoke", $$"""{"input_type":"search_document","texts":["{{text}}"]}""");
        Assert.Equal(429, second.Status);
        Assert.Equal("Too many tokens, please wait before trying again.", second.Json.GetProperty("message").GetString());
        var stats = emu.Statistics;
        Assert.Equal(90, stats.InputTokens);
        Assert.Equal(0, stats.OutputTokens);
    }
}
