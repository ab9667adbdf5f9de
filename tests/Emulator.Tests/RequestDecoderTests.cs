using System.Buffers;
using System.Text;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Tests;

/// <summary>The routing-and-validation stage on its own: each operation's body decoded into the shared request shape, no HTTP.</summary>
public sealed class RequestDecoderTests
{
    private static readonly EmulatedModel Haiku = Model();

    private static EmulatedModel Model()
    {
        var options = TestEmulator.Options(TestEmulator.Instant) with { Reservation = ReservationPolicy.Default with { DefaultMaxTokens = 700 } };
        return new ModelDirectory(options, new RegionTable(options)).Find(TestEmulator.Haiku)!;
    }

    private static (string? Invalid, InferenceRequest Request) Decode(IRequestDecoder decoder, string body)
    {
        var request = new InferenceRequest();
        var invalid = RequestBody.Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), decoder, Haiku, request);
        return (invalid, request);
    }

    [Fact]
    public void A_Converse_body_becomes_prompt_tokens_steering_and_the_default_output_cap()
    {
        var (invalid, request) = Decode(new ConverseRequestDecoder(ReservationPolicy.Default with { DefaultMaxTokens = 700 }), """
            {"system":[{"text":"abcdefgh"}],
             "messages":[{"role":"user","content":[{"text":"abcd"},{"text":"[[loadtest:output-tokens=42]]"}]}]}
            """);

        Assert.Null(invalid);
        Assert.Equal(700, request.MaxTokens);
        Assert.Equal(2 + 1 + 8, request.Scan.Tokens); // 4 UTF-8 bytes a token per block: 8, 4 and 29 bytes
        Assert.Equal(42, request.Scan.SteeredOutputTokens);
        Assert.Empty(request.Scan.Prefixes);
    }

    [Fact]
    public void A_Converse_cache_point_ends_a_prefix_at_the_tokens_before_it()
    {
        var (invalid, request) = Decode(new ConverseRequestDecoder(ReservationPolicy.Default with { DefaultMaxTokens = 700 }), """
            {"system":[{"text":"abcdefgh"},{"cachePoint":{"type":"default"}}],
             "messages":[{"role":"user","content":[{"text":"abcd"}]}],"inferenceConfig":{"maxTokens":9}}
            """);

        Assert.Null(invalid);
        Assert.Equal(9, request.MaxTokens);
        Assert.Equal(2, Assert.Single(request.Scan.Prefixes).Tokens);
    }

    [Theory]
    [InlineData("", "Malformed input request: the body is not valid JSON")]
    [InlineData("null", "Malformed input request: the body must be a JSON object")]
    [InlineData("""{"messages": [ oops""", "Malformed input request: the body is not valid JSON")]
    [InlineData("""{"messages":"no"}""", "the body is not valid JSON for this operation at $.messages")]
    [InlineData("""{"messages":[{"role":"system","content":[{"text":"a"}]}]}""", "Value 'system' at 'messages.1.member.role'")]
    [InlineData("""{"messages":[{"role":"user","content":[{"text":"a"}]}],"inferenceConfig":{"maxTokens":64001}}""", "exceeds the model limit of 64000")]
    public void A_bad_Converse_body_is_refused_with_Bedrocks_message(string body, string expected)
    {
        var (invalid, _) = Decode(new ConverseRequestDecoder(ReservationPolicy.Default with { DefaultMaxTokens = 700 }), body);
        Assert.NotNull(invalid);
        Assert.Contains(expected, invalid, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"max_tokens":64001,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for anthropic.claude-haiku-4-5-20251001-v1:0")]
    [InlineData("""{"max_tokens":-3,"messages":[{"role":"user","content":"hi"}]}""", "#/max_tokens: -3 is not greater or equal to 1")]
    [InlineData("""{"max_tokens":5,"messages":[{"role":"assistant","content":"hi"}]}""", "the first message must use the \"user\" role")]
    public void A_bad_InvokeModel_body_is_refused_with_Bedrocks_message(string body, string expected)
    {
        var (invalid, _) = Decode(new AnthropicRequestDecoder(), body);
        Assert.NotNull(invalid);
        Assert.Contains(expected, invalid, StringComparison.Ordinal);
    }

    [Fact]
    public void An_InvokeModel_body_takes_max_tokens_and_cache_control_from_the_Anthropic_shape()
    {
        var (invalid, request) = Decode(new AnthropicRequestDecoder(), """
            {"anthropic_version":"bedrock-2023-05-31","max_tokens":33,
             "system":[{"type":"text","text":"abcdefgh","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"abcd"}]}
            """);

        Assert.Null(invalid);
        Assert.Equal(33, request.MaxTokens);
        Assert.Equal(3, request.Scan.Tokens);
        Assert.Equal(2, Assert.Single(request.Scan.Prefixes).Tokens);
    }

    [Theory]
    [InlineData("raw JSON")]
    [InlineData("base64")]
    public void CountTokens_reads_an_InvokeModel_body_sent_as_a_blob_either_way(string form)
    {
        const string invoke = """{"max_tokens":5,"messages":[{"role":"user","content":"abcdefgh"}]}""";
        var blob = form == "base64" ? Convert.ToBase64String(Encoding.UTF8.GetBytes(invoke)) : invoke.Replace("\"", "\\\"", StringComparison.Ordinal);
        var (invalid, request) = Decode(new CountTokensRequestDecoder(), "{\"input\":{\"invokeModel\":{\"body\":\"" + blob + "\"}}}");

        Assert.Null(invalid);
        Assert.Equal(2, request.Scan.Tokens);
    }

    [Fact]
    public void CountTokens_refuses_a_blob_that_is_not_an_InvokeModel_body()
    {
        var (invalid, _) = Decode(new CountTokensRequestDecoder(), """{"input":{"invokeModel":{"body":"%%% not base64"}}}""");
        Assert.Equal("Malformed input request: input.invokeModel.body is not an InvokeModel JSON body, please reformat your input and try again.", invalid);
    }
}
