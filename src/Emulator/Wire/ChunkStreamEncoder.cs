using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// What every InvokeModelWithResponseStream answer shares whatever the model: the headers (with
/// <c>X-Amzn-Bedrock-Content-Type</c>), <c>chunk</c> events carrying the model's own stream events
/// as base64 <c>bytes</c>, and the <c>amazon-bedrock-invocationMetrics</c> Bedrock adds to the last
/// one. Each model family supplies its events.
/// </summary>
internal abstract class ChunkStreamEncoder : EventStreamEncoder
{
    protected ChunkStreamEncoder(EmulatorClock clock)
    {
        Clock = clock;
    }

    protected EmulatorClock Clock { get; }

    public sealed override void WriteOpening(Invocation inv)
    {
        BedrockResponse.SetSuccessHeaders(inv, EventStreamFrames.ContentType);
        inv.Http.Response.Headers["X-Amzn-Bedrock-Content-Type"] = "application/json";
    }

    /// <summary>One <c>chunk</c> event carrying a model's own stream event as base64 <c>bytes</c>.</summary>
    public static byte[] Chunk(byte[] modelEvent)
        => EventStreamFrames.Event("chunk", new ResponseStreamChunk { Bytes = modelEvent }, BedrockJsonContext.Default.ResponseStreamChunk);

    /// <summary>
    /// The <c>amazon-bedrock-invocationMetrics</c> of the last chunk: tokens, total latency, and the
    /// first byte's latency (the first delta, with the prelude before it).
    /// </summary>
    protected InvocationMetrics Metrics(Invocation inv) => new()
    {
        InputTokenCount = (int)inv.InputTokens,
        OutputTokenCount = inv.OutputSent,
        InvocationLatency = Clock.WholeMillisecondsSince(inv.StartTimestamp),
        FirstByteLatency = (long)Math.Round(Clock.Time.GetElapsedTime(inv.StartTimestamp, inv.FirstDeltaTimestamp).TotalMilliseconds),
        CacheReadInputTokenCount = inv.CacheUsed ? (int)inv.Cache.ReadTokens : null,
        CacheWriteInputTokenCount = inv.CacheUsed ? (int)inv.Cache.WriteTokens : null,
    };
}
