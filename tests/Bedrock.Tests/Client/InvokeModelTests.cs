using System.Text;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class InvokeModelTests
{
    [Fact]
    public async Task InvokeModel_sends_the_raw_body_and_reads_bedrock_token_headers()
    {
        const string reply = """{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"yo"}],"model":"claude","stop_reason":"end_turn","usage":{"input_tokens":30,"output_tokens":4}}""";
        await using var server = await LoopbackServer.StartAsync(async (ctx, _) =>
        {
            ctx.Response.Headers["X-Amzn-Bedrock-Input-Token-Count"] = "30";
            ctx.Response.Headers["X-Amzn-Bedrock-Output-Token-Count"] = "4";
            ctx.Response.Headers["X-Amzn-Bedrock-Invocation-Latency"] = "321";
            ctx.Response.Headers["X-Amzn-Bedrock-Cache-Read-Input-Token-Count"] = "6";
            await Wire.Json(ctx, reply, requestId: "rid-invoke", region: "us-east-2");
        });
        using var client = TestClients.For(server);
        var body = Encoding.UTF8.GetBytes("""{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":"hey"}]}""");

        var result = await client.InvokeModelAsync(TestClients.GlobalSonnet, body, contentType: "application/json", accept: "*/*");

        var seen = Assert.Single(server.Requests);
        Assert.Equal("invoke", seen.Operation);
        Assert.Equal(body, seen.Body);
        Assert.Equal("application/json", seen.Headers["Content-Type"]);
        Assert.Equal("*/*", seen.Headers["Accept"]);
        Assert.Equal(reply, Encoding.UTF8.GetString(result.Response.Body.Span));
        Assert.StartsWith("application/json", result.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal(30, result.Response.InputTokenCount);
        Assert.Equal(4, result.Response.OutputTokenCount);
        Assert.Equal(321, result.Response.InvocationLatencyMs);
        Assert.Equal(new TokenUsage { InputTokens = 30, OutputTokens = 4, TotalTokens = 40, CacheReadInputTokens = 6 }, result.Report.Usage);
        Assert.Equal("end_turn", result.Report.StopReason);
        Assert.Equal("rid-invoke", result.Report.RequestId);
        Assert.Equal("us-east-2", result.Report.InferenceRegion);
    }

    [Fact]
    public async Task CountTokens_posts_the_converse_input_and_returns_the_count()
    {
        await using var server = await LoopbackServer.StartAsync((ctx, _) => Wire.Json(ctx, """{"inputTokens":42}"""));
        using var client = TestClients.For(server);
        var request = new CountTokensRequest { Input = new CountTokensInput { Converse = new ConverseCountInput { Messages = TestClients.Hello("count me").Messages } } };

        var result = await client.CountTokensAsync(TestClients.ApplicationProfileArn, request);

        Assert.Equal(42, result.Response.InputTokens);
        var seen = Assert.Single(server.Requests);
        Assert.Equal("count-tokens", seen.Operation);
        Assert.Equal(TestClients.ApplicationProfileArn, seen.ModelId);
        Assert.Contains("\"input\":{\"converse\":{\"messages\":[", Encoding.UTF8.GetString(seen.Body), StringComparison.Ordinal);
    }
}
