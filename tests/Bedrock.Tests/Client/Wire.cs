using System.Text;
using System.Text.Json;
using Amazon.Runtime.EventStreams;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>Bedrock-shaped responses for the loopback server: JSON errors and event-stream frames (encoded by AWSSDK.Core).</summary>
public static class Wire
{
    public static async Task Error(HttpContext context, int status, string errorType, string message, string requestId = "req-error")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-ErrorType"] = errorType;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { message }));
    }

    public static async Task Json(HttpContext context, string json, string requestId = "req-ok", string region = "us-west-2")
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.Headers["x-loadtest-inference-region"] = region;
        await context.Response.WriteAsync(json);
    }

    public static async Task StartStream(HttpContext context, string requestId = "req-stream", string region = "eu-west-1")
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/vnd.amazon.eventstream";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.Headers["x-loadtest-inference-region"] = region;
        context.Response.Headers["X-Amzn-Bedrock-Content-Type"] = "application/json";
        await context.Response.StartAsync();
    }

    public static async Task Send(HttpContext context, byte[] frame)
    {
        await context.Response.Body.WriteAsync(frame);
        await context.Response.Body.FlushAsync();
    }

    public static byte[] Event(string eventType, string json)
        => Frame(Encoding.UTF8.GetBytes(json), (":message-type", "event"), (":event-type", eventType), (":content-type", "application/json"));

    public static byte[] Exception(string exceptionType, string message)
        => Frame(JsonSerializer.SerializeToUtf8Bytes(new { message }), (":message-type", "exception"), (":exception-type", exceptionType), (":content-type", "application/json"));

    /// <summary>An InvokeModelWithResponseStream chunk carrying one Anthropic event.</summary>
    public static byte[] Chunk(string anthropicEventJson)
        => Event("chunk", JsonSerializer.Serialize(new { bytes = Convert.ToBase64String(Encoding.UTF8.GetBytes(anthropicEventJson)) }));

    public static byte[] Frame(byte[] payload, params (string Name, string Value)[] headers)
    {
        var list = new List<IEventStreamHeader>();
        foreach (var (name, value) in headers)
        {
            var header = new EventStreamHeader(name);
            header.SetString(value);
            list.Add(header);
        }

        return new EventStreamMessage(list, payload).ToByteArray();
    }

    public static IEnumerable<byte[]> ConverseEvents(params string[] texts)
    {
        yield return Event("messageStart", """{"role":"assistant"}""");
        yield return Event("contentBlockStart", """{"contentBlockIndex":0}""");
        foreach (var text in texts)
        {
            yield return Event("contentBlockDelta", JsonSerializer.Serialize(new { contentBlockIndex = 0, delta = new { text } }));
        }

        yield return Event("contentBlockStop", """{"contentBlockIndex":0}""");
        yield return Event("messageStop", """{"stopReason":"end_turn"}""");
        yield return Event("metadata", """{"usage":{"inputTokens":11,"outputTokens":7,"totalTokens":18,"cacheReadInputTokens":3},"metrics":{"latencyMs":42}}""");
    }

    public const string ConverseJson = """
        {"output":{"message":{"role":"assistant","content":[{"text":"hello"}]}},"stopReason":"end_turn",
         "usage":{"inputTokens":12,"outputTokens":5,"totalTokens":17,"cacheWriteInputTokens":4},"metrics":{"latencyMs":9}}
        """;
}
