using System.Text;
using LoadTest.Core.Access;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Pipeline;
using LoadTest.Emulator.Routing;
using LoadTest.Emulator.Wire;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.Tests;

/// <summary>The encoding stage on its own: what an operation's encoder puts on the wire for a finished invocation, no server and no clock.</summary>
public sealed class ResponseEncoderTests
{
    private static readonly EmulatorClock Clock = new(TimeProvider.System);

    private static Invocation Served(BedrockOperation operation, int outputTokens)
    {
        var options = TestEmulator.Options(TestEmulator.Instant);
        var model = new ModelDirectory(options, new RegionTable(options)).Find(TestEmulator.Haiku)!;
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        return new Invocation
        {
            Http = http,
            Model = model,
            Operation = operation,
            RequestId = "req-1",
            StartTimestamp = Clock.Timestamp,
            InferenceRegion = "eu-west-1",
            InputTokens = 12,
            Cache = new CacheUsage(0, 0),
            Answer = LoadTest.Emulator.Generation.AnswerPlan.Text(outputTokens),
            OutputSent = outputTokens,
        };
    }

    private static byte[] Body(Invocation inv) => ((MemoryStream)inv.Http.Response.Body).ToArray();

    [Fact]
    public async Task ConverseStream_frames_open_with_messageStart_carry_the_text_in_deltas_and_close_with_usage()
    {
        var inv = Served(BedrockOperation.ConverseStream, outputTokens: 10);
        var encoder = new ConverseStreamEncoder(Clock, tokensPerDelta: 4);

        encoder.WriteOpening(inv);
        Assert.Null(encoder.Prelude(inv));
        var body = inv.Http.Response.BodyWriter;
        await body.WriteAsync(encoder.Delta(inv, 0, 4, 0));
        await body.WriteAsync(encoder.Delta(inv, 0, 4, 4));
        await body.WriteAsync(encoder.Delta(inv, 0, 2, 8));
        encoder.WriteClosing(inv);
        await body.FlushAsync();

        Assert.Equal(EventStreamFrames.ContentType, inv.Http.Response.ContentType);
        Assert.Equal("eu-west-1", inv.Http.Response.Headers["x-loadtest-inference-region"]);
        Assert.Equal("req-1", inv.Http.Response.Headers["x-amzn-RequestId"]);
        var frames = BedrockHttp.Frames(Body(inv));
        Assert.Equal(
            new[] { "messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata" },
            frames.Select(f => f.Kind).ToArray());
        var text = string.Concat(frames.Where(f => f.Kind == "contentBlockDelta").Select(f => f.Json.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal(Generation.SyntheticText.Tokens(10), text);
        var usage = frames[^1].Json.GetProperty("usage");
        Assert.Equal(12, usage.GetProperty("inputTokens").GetInt32());
        Assert.Equal(10, usage.GetProperty("outputTokens").GetInt32());
        Assert.False(usage.TryGetProperty("cacheReadInputTokens", out _));
    }

    [Fact]
    public async Task InvokeModel_puts_the_token_counts_in_headers_and_the_Anthropic_message_in_the_body()
    {
        var inv = Served(BedrockOperation.InvokeModel, outputTokens: 7);

        await new InvokeModelEncoder(Clock).WriteAsync(inv);

        var headers = inv.Http.Response.Headers;
        Assert.Equal(200, inv.Http.Response.StatusCode);
        Assert.Equal("12", headers["X-Amzn-Bedrock-Input-Token-Count"]);
        Assert.Equal("7", headers["X-Amzn-Bedrock-Output-Token-Count"]);
        Assert.False(headers.ContainsKey("X-Amzn-Bedrock-Cache-Read-Input-Token-Count"));
        var json = System.Text.Json.JsonDocument.Parse(Body(inv)).RootElement;
        Assert.StartsWith("msg_bdrk_", json.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(TestEmulator.HaikuBase, json.GetProperty("model").GetString());
        Assert.Equal(28, Encoding.UTF8.GetByteCount(json.GetProperty("content")[0].GetProperty("text").GetString()!));
        Assert.Equal(7, json.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(inv.Http.Response.ContentLength, Body(inv).Length);
    }
}
