using System.Buffers;
using System.Text;
using System.Text.Json;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Routing;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Tests;

/// <summary>The Nova and Cohere Embed bodies decoded and the embedding answer encoded on their own, no HTTP.</summary>
public sealed class ModelFamilyDecoderTests
{
    private static readonly ModelDirectory Directory = Models();

    private static ModelDirectory Models()
    {
        var options = TestEmulator.Options(TestEmulator.Instant) with { Reservation = ReservationPolicy.Default with { DefaultMaxTokens = 700 } };
        return new ModelDirectory(options, new RegionTable(options));
    }

    private static (string? Invalid, InferenceRequest Request) Decode(IRequestDecoder decoder, string modelId, string body)
    {
        var request = new InferenceRequest();
        var invalid = RequestBody.Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), decoder, Directory.Find(modelId)!, request);
        return (invalid, request);
    }

    private static (string? Invalid, InferenceRequest Request) Nova(string body) => Decode(new NovaRequestDecoder(ReservationPolicy.Default with { DefaultMaxTokens = 700 }), ModelFamilyTests.Nova, body);

    private static (string? Invalid, InferenceRequest Request) Embed(string body) => Decode(new CohereEmbedRequestDecoder(), ModelFamilyTests.Embed, body);

    [Fact]
    public void A_Nova_body_becomes_prompt_tokens_a_cache_prefix_and_the_default_output_cap()
    {
        var (invalid, request) = Nova("""
            {"system":[{"text":"abcdefgh"},{"cachePoint":{"type":"default"}}],
             "messages":[{"role":"user","content":[{"text":"abcd"},{"image":{"format":"png","source":{"bytes":"AAAA"}}}]}]}
            """);
        Assert.Null(invalid);
        Assert.Equal(700, request.MaxTokens);
        Assert.Equal(3, request.Scan.Tokens);
        Assert.Equal(2, Assert.Single(request.Scan.Prefixes).Tokens);
    }

    [Theory]
    [InlineData("""{"inferenceConfig":{"maxTokens":9}}""", 9)]
    [InlineData("""{"inferenceConfig":{"max_new_tokens":11}}""", 11)]
    [InlineData("""{"inferenceConfig":{"maxTokens":9,"max_new_tokens":11}}""", 9)]
    [InlineData("""{"schemaVersion":"messages-v1"}""", 700)]
    public void A_Nova_output_cap_comes_from_either_spelling(string config, int maxTokens)
    {
        var merged = config[..^1] + ""","messages":[{"role":"user","content":[{"text":"a"}]}]}""";
        var (invalid, request) = Nova(merged);
        Assert.Null(invalid);
        Assert.Equal(maxTokens, request.MaxTokens);
    }

    [Theory]
    [InlineData("""{}""", "Malformed input request: #: required key [messages] not found, reformat your input and try again.")]
    [InlineData("""{"messages":[]}""", "#/messages: expected minimum item count: 1, found: 0")]
    [InlineData("""{"messages":[{"role":"system","content":[{"text":"a"}]}]}""", "#/messages/0/role: system is not a valid enum value")]
    [InlineData("""{"messages":[{"role":"user","content":[]}]}""", "#/messages/0/content: expected minimum item count: 1, found: 0")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"schemaVersion":"messages-v2"}""", "#/schemaVersion: messages-v2 is not a valid enum value")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"inferenceConfig":{"max_new_tokens":0}}""", "#/inferenceConfig/max_new_tokens: 0 is not greater or equal to 1")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"inferenceConfig":{"maxTokens":5,"max_tokens":5}}""", "#/inferenceConfig: extraneous key [max_tokens] is not permitted")]
    [InlineData("""{"messages":[{"role":"assistant","content":[{"text":"a"}]}]}""", "A conversation must start with a user message.")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]},{"role":"user","content":[{"text":"b"}]}]}""", "A conversation must alternate between user and assistant roles.")]
    [InlineData("""{"messages":[{"role":"user","content":"a"}]}""", "the body is not valid JSON for this operation at $.messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"\ud800"}]}]}""", "Malformed input request: the body is not valid JSON")]
    public void A_bad_Nova_body_is_refused_with_Bedrocks_message(string body, string expected)
    {
        var (invalid, _) = Nova(body);
        Assert.NotNull(invalid);
        Assert.Contains(expected, invalid, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Nova_prompt_over_the_1M_context_window_is_refused()
    {
        var (invalid, _) = Nova($$"""{"messages":[{"role":"user","content":[{"text":"{{new string('a', 4_000_004)}}"}]}]}""");
        Assert.Equal("The model returned the following errors: prompt is too long: 1000001 tokens > 1000000 maximum", invalid);
    }

    [Fact]
    public void An_embedding_body_counts_texts_images_and_inputs_and_asks_for_no_output()
    {
        var (invalid, request) = Embed("""
            {"input_type":"search_document","texts":["abcdefgh","abcd"],"embedding_types":["int8","float","int8"],"output_dimension":512}
            """);
        Assert.Null(invalid);
        Assert.Equal(0, request.MaxTokens);
        Assert.Equal(3, request.Scan.Tokens);
        var embedding = request.Embedding!;
        Assert.Equal(2, embedding.Seeds.Length);
        Assert.Equal(512, embedding.Dimension);
        Assert.Equal(["int8", "float"], embedding.Types);

        var (_, images) = Embed("""{"input_type":"search_document","images":["data:image/png;base64,AAAA"]}""");
        Assert.Equal(CohereEmbedRequestDecoder.TokensPerImage, images.Scan.Tokens);
        Assert.Equal(12_544, CohereEmbedRequestDecoder.TokensPerImage);

        var (_, inputs) = Embed("""
            {"input_type":"search_document","inputs":[{"content":[{"type":"text","text":"abcd"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}
            """);
        Assert.Equal(1 + 12_544, inputs.Scan.Tokens);
        Assert.Single(inputs.Embedding!.Inputs!);
    }

    [Fact]
    public void Text_over_max_tokens_is_cut_unless_truncate_is_NONE()
    {
        var (invalid, request) = Embed("""{"input_type":"search_document","texts":["abcdefghabcdefgh"],"max_tokens":2,"truncate":"RIGHT"}""");
        Assert.Null(invalid);
        Assert.Equal(2, request.Scan.Tokens);
        var (refused, _) = Embed("""{"input_type":"search_document","texts":["abcdefghabcdefgh"],"max_tokens":2,"truncate":"NONE"}""");
        Assert.Contains("input 0 has 4 tokens, more than max_tokens 2", refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"texts":["a"]}""", "Malformed input request: #: required key [input_type] not found, please reformat your input and try again.")]
    [InlineData("""{"input_type":"search_document"}""", "#: required key [texts] not found#: required key [images] not found#: required key [inputs] not found")]
    [InlineData("""{"input_type":"image","texts":["a"]}""", "#/input_type: image is not a valid enum value")]
    [InlineData("""{"input_type":"search_document","texts":["a"],"images":["data:image/png;base64,AAAA"]}""", "#: extraneous key [images] is not permitted")]
    [InlineData("""{"input_type":"search_document","texts":["a"],"embedding_types":[]}""", "#/embedding_types: expected minimum item count: 1, found: 0")]
    [InlineData("""{"input_type":"search_document","texts":["a"],"truncate":"END"}""", "#/truncate: END is not a valid enum value")]
    [InlineData("""{"input_type":"search_document","texts":["a"],"max_tokens":0}""", "#/max_tokens: 0 is not greater or equal to 1")]
    [InlineData("""{"input_type":"search_document","texts":["a"],"inputText":"a"}""", "#: extraneous key [inputText] is not permitted")]
    [InlineData("""{"input_type":"search_document","texts":["\ud800"]}""", "Malformed input request: the body is not valid JSON")]
    [InlineData("""{"input_type":"search_document","inputs":[{"content":[{"type":"text","text":"\udc00"}]}]}""", "Malformed input request: the body is not valid JSON")]
    public void A_bad_embedding_body_is_refused_with_Bedrocks_message(string body, string expected)
    {
        var (invalid, _) = Embed(body);
        Assert.NotNull(invalid);
        Assert.Contains(expected, invalid, StringComparison.Ordinal);
    }

    [Fact]
    public void An_embedding_is_unit_length_the_same_for_the_same_input_and_nested_across_dimensions()
    {
        var seed = SyntheticEmbedding.Seed("hello world");
        Assert.Equal(seed, SyntheticEmbedding.Seed("hello world"));
        Assert.NotEqual(seed, SyntheticEmbedding.Seed("hello world!"));
        var full = new float[1536];
        var small = new float[256];
        SyntheticEmbedding.Fill(seed, full);
        SyntheticEmbedding.Fill(seed, small);
        Assert.Equal(1.0, Math.Sqrt(full.Sum(x => (double)x * x)), 4);
        Assert.Equal(1.0, Math.Sqrt(small.Sum(x => (double)x * x)), 4);
        var scale = small[0] / full[0];
        Assert.All(Enumerable.Range(0, 256), i => Assert.Equal(full[i] * scale, small[i], 5));
    }

    [Fact]
    public void The_embedding_answer_echoes_inputs_and_writes_one_vector_per_item()
    {
        var input = JsonDocument.Parse("""{"content":[{"type":"text","text":"caption"}]}""").RootElement.Clone();
        var embedding = new EmbeddingInput([1UL, 2UL], null, [input, input], ["ubinary"], 1024);
        var buffer = new ArrayBufferWriter<byte>();
        CohereEmbedEncoder.Write(buffer, embedding, Guid.Empty);
        var json = JsonDocument.Parse(buffer.WrittenMemory).RootElement;
        Assert.Equal("00000000-0000-0000-0000-000000000000", json.GetProperty("id").GetString());
        Assert.Equal("embeddings_by_type", json.GetProperty("response_type").GetString());
        Assert.False(json.TryGetProperty("texts", out _));
        Assert.Equal("caption", json.GetProperty("inputs")[1].GetProperty("content")[0].GetProperty("text").GetString());
        var vectors = json.GetProperty("embeddings").GetProperty("ubinary");
        Assert.Equal(2, vectors.GetArrayLength());
        Assert.Equal(128, vectors[0].GetArrayLength());
        Assert.All(vectors[0].EnumerateArray(), b => Assert.InRange(b.GetInt32(), 0, 255));
    }
}
