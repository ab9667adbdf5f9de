using LoadTest.Core.Errors;
using System.Text;
using LoadTest.Bedrock.Client;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>
/// Non-streaming bodies are read into a pooled buffer and parsed in one pass; the request body
/// goes to the SDK without a copy. These pin what that must not change.
/// </summary>
public sealed class ResponseBodyTests
{
    [Fact]
    public async Task A_converse_response_larger_than_the_first_buffer_and_sent_in_pieces_is_read_whole()
    {
        var text = string.Concat(Enumerable.Range(0, 12_000).Select(i => $"w{i % 10} "));
        var json = $$$"""{"output":{"message":{"role":"assistant","content":[{"text":"{{{text}}}"}]}},"stopReason":"max_tokens","usage":{"inputTokens":3,"outputTokens":6000,"totalTokens":6003},"metrics":{"latencyMs":1}}""";
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(json);
            for (var offset = 0; offset < bytes.Length; offset += 3_000)
            {
                await ctx.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(3_000, bytes.Length - offset)));
                await ctx.Response.Body.FlushAsync();
            }
        });
        using var client = TestClients.For(server);

        var result = await client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello());

        Assert.True(json.Length > 30_000);
        Assert.Equal(text, result.Response.Output.Message!.Content[0].Text);
        Assert.Equal("max_tokens", result.Report.StopReason);
        Assert.Equal(6000, result.Report.Usage!.OutputTokens);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"output":{"message":""")]
    [InlineData("")]
    public async Task A_converse_body_that_is_not_a_whole_json_document_fails_as_a_malformed_response(string body)
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Json(ctx, body, requestId: "rid-bad"));
        using var client = TestClients.For(server);

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestClients.GlobalSonnet, TestClients.Hello()));

        Assert.Equal(BedrockClientErrorCodes.MalformedResponse, e.ErrorCode);
        Assert.Equal("rid-bad", e.RequestId);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task InvokeModel_sends_exactly_the_given_slice_of_a_larger_buffer_and_returns_a_large_body_byte_for_byte()
    {
        var reply = new byte[10_000];
        new Random(7).NextBytes(reply);
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.ContentType = "application/octet-stream";
            await ctx.Response.Body.WriteAsync(reply);
        });
        using var client = TestClients.For(server);
        var buffer = Encoding.UTF8.GetBytes("xxxxx{\"prompt\":\"slice\"}yyyyy");
        var slice = buffer.AsMemory(5, buffer.Length - 10);

        var result = await client.InvokeModelAsync(TestClients.GlobalSonnet, slice, accept: "application/octet-stream");

        var seen = Assert.Single(server.Requests);
        Assert.Equal("{\"prompt\":\"slice\"}", Encoding.UTF8.GetString(seen.Body));
        Assert.Equal(reply, result.Response.Body.ToArray());
    }

    [Fact]
    public async Task A_whole_array_body_is_signed_and_sent_unchanged_on_every_retry()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => AnswerOnTheThirdAttempt(ctx));
        using var client = TestClients.For(server, maxAttempts: 3);
        var body = Encoding.UTF8.GetBytes("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"messages\":[]}");

        var result = await client.InvokeModelAsync(TestClients.GlobalSonnet, body);

        Assert.Equal(3, result.Report.AttemptCount);
        Assert.All(server.Requests, r => Assert.Equal(body, r.Body));
        Assert.Equal(["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"], server.Requests.Select(r => r.SdkRequest));

        static Task AnswerOnTheThirdAttempt(HttpContext ctx)
            => ctx.Request.Headers["amz-sdk-request"].ToString().StartsWith("attempt=3", StringComparison.Ordinal)
                ? Wire.Json(ctx, "{}")
                : Wire.Error(ctx, 503, "ServiceUnavailableException", "busy");
    }
}
