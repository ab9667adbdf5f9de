using System.Buffers;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The ConverseStream answer: <c>messageStart</c> with the headers, a <c>contentBlockDelta</c> per
/// delta, then <c>contentBlockStop</c>, <c>messageStop</c> and <c>metadata</c> (usage, latency).
/// </summary>
internal sealed class ConverseStreamEncoder : EventStreamEncoder
{
    private readonly EmulatorClock _clock;

    public ConverseStreamEncoder(EmulatorClock clock, int tokensPerDelta)
    {
        _clock = clock;
        Deltas = new DeltaFrames(tokensPerDelta, DeltaFrame);
    }

    public override DeltaFrames Deltas { get; }

    public override void WriteOpening(Invocation inv)
    {
        BedrockResponse.SetSuccessHeaders(inv, EventStreamFrames.ContentType);
        inv.Http.Response.BodyWriter.Write(EventStreamFrames.Event("messageStart", new MessageStartEvent { Role = "assistant" }, BedrockJsonContext.Default.MessageStartEvent));
    }

    public override byte[]? Prelude(Invocation inv) => null;

    public override void WriteClosing(Invocation inv)
    {
        var body = inv.Http.Response.BodyWriter;
        body.Write(EventStreamFrames.Event("contentBlockStop", new ContentBlockStopEvent { ContentBlockIndex = 0 }, BedrockJsonContext.Default.ContentBlockStopEvent));
        body.Write(EventStreamFrames.Event("messageStop", new MessageStopEvent { StopReason = inv.StopReason }, BedrockJsonContext.Default.MessageStopEvent));
        var metadata = new ConverseStreamMetadataEvent
        {
            Usage = ConverseEncoder.Usage(inv),
            Metrics = new ConverseMetrics { LatencyMs = _clock.WholeMillisecondsSince(inv.StartTimestamp) },
        };
        body.Write(EventStreamFrames.Event("metadata", metadata, BedrockJsonContext.Default.ConverseStreamMetadataEvent));
    }

    private static byte[] DeltaFrame(string text)
        => EventStreamFrames.Event("contentBlockDelta", new ContentBlockDeltaEvent { ContentBlockIndex = 0, Delta = new ContentBlockDelta { Text = text } }, BedrockJsonContext.Default.ContentBlockDeltaEvent);
}
