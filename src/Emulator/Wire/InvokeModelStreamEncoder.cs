using System.Buffers;
using System.Text.Json;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The InvokeModelWithResponseStream answer for an Anthropic Claude model: <c>chunk</c> events,
/// each carrying one Anthropic streaming event as base64 <c>bytes</c>: <c>message_start</c> and
/// <c>content_block_start</c> with the first delta, a <c>content_block_delta</c> per delta, then
/// <c>content_block_stop</c>, <c>message_delta</c> and <c>message_stop</c> with
/// <c>amazon-bedrock-invocationMetrics</c>.
/// </summary>
internal sealed class InvokeModelStreamEncoder : EventStreamEncoder
{
    private readonly EmulatorClock _clock;

    public InvokeModelStreamEncoder(EmulatorClock clock, int tokensPerDelta)
    {
        _clock = clock;
        Deltas = new DeltaFrames(tokensPerDelta, DeltaFrame);
    }

    public override DeltaFrames Deltas { get; }

    public override void WriteOpening(Invocation inv)
    {
        BedrockResponse.SetSuccessHeaders(inv, EventStreamFrames.ContentType);
        inv.Http.Response.Headers["X-Amzn-Bedrock-Content-Type"] = "application/json";
    }

    public override byte[]? Prelude(Invocation inv)
    {
        var json = EmulatorJsonContext.Default;
        var start = new AnthropicMessageStart
        {
            Message = new AnthropicResponse
            {
                Id = InvokeModelEncoder.MessageId(ref inv.Random),
                Model = inv.Model.BaseModelId,
                Content = [],
                Usage = InvokeModelEncoder.Usage(inv, 1),
            },
        };
        return [
            .. Chunk(JsonSerializer.SerializeToUtf8Bytes(start, json.AnthropicMessageStart)),
            .. Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockStart { Index = 0 }, json.AnthropicContentBlockStart)),
        ];
    }

    public override void WriteClosing(Invocation inv)
    {
        var json = EmulatorJsonContext.Default;
        var body = inv.Http.Response.BodyWriter;
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockStop { Index = 0 }, json.AnthropicContentBlockStop)));
        var messageDelta = new AnthropicMessageDelta
        {
            Delta = new AnthropicStopDelta { StopReason = inv.StopReason },
            Usage = new AnthropicOutputUsage { OutputTokens = inv.OutputSent },
        };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(messageDelta, json.AnthropicMessageDelta)));
        var stop = new AnthropicMessageStop { InvocationMetrics = Metrics(inv, _clock) };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(stop, json.AnthropicMessageStop)));
    }

    /// <summary>
    /// The <c>amazon-bedrock-invocationMetrics</c> Bedrock adds to the last chunk of every model's
    /// stream: tokens, total latency, and the first byte's latency (the first delta, with the prelude before it).
    /// </summary>
    public static InvocationMetrics Metrics(Invocation inv, EmulatorClock clock) => new()
    {
        InputTokenCount = (int)inv.InputTokens,
        OutputTokenCount = inv.OutputSent,
        InvocationLatency = clock.WholeMillisecondsSince(inv.StartTimestamp),
        FirstByteLatency = (long)Math.Round(clock.Time.GetElapsedTime(inv.StartTimestamp, inv.FirstDeltaTimestamp).TotalMilliseconds),
        CacheReadInputTokenCount = inv.CacheUsed ? (int)inv.Cache.ReadTokens : null,
        CacheWriteInputTokenCount = inv.CacheUsed ? (int)inv.Cache.WriteTokens : null,
    };

    /// <summary>One <c>chunk</c> event carrying a model's own stream event as base64 <c>bytes</c>.</summary>
    public static byte[] Chunk(byte[] modelEvent)
        => EventStreamFrames.Event("chunk", new ResponseStreamChunk { Bytes = modelEvent }, BedrockJsonContext.Default.ResponseStreamChunk);

    private static byte[] DeltaFrame(string text)
        => Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockDelta { Index = 0, Delta = new AnthropicTextDelta { Text = text } }, EmulatorJsonContext.Default.AnthropicContentBlockDelta));
}
