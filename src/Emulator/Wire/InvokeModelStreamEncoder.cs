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
internal sealed class InvokeModelStreamEncoder : ChunkStreamEncoder
{
    public InvokeModelStreamEncoder(EmulatorClock clock, int tokensPerDelta)
        : base(clock, tokensPerDelta, DeltaEvent)
    {
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
        var stop = new AnthropicMessageStop { InvocationMetrics = Metrics(inv) };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(stop, json.AnthropicMessageStop)));
    }

    private static byte[] DeltaEvent(string text)
        => JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockDelta { Index = 0, Delta = new AnthropicTextDelta { Text = text } }, EmulatorJsonContext.Default.AnthropicContentBlockDelta);
}
