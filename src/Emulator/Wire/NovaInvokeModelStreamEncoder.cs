using System.Buffers;
using System.Text.Json;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The InvokeModelWithResponseStream answer for Amazon Nova: <c>chunk</c> events whose base64
/// <c>bytes</c> are Nova's own events, each named by its one top-level key: <c>messageStart</c> with
/// the first delta, a <c>contentBlockDelta</c> (<c>delta.text</c>) per delta, then
/// <c>contentBlockStop</c>, <c>messageStop</c> and <c>metadata</c> (usage without a total, empty
/// metrics and trace) with <c>amazon-bedrock-invocationMetrics</c> beside it in the same chunk, as
/// Bedrock sends it. No <c>contentBlockStart</c> for text, as Bedrock sends none. Shapes and
/// sources: <see cref="NovaMetadataChunk"/>.
/// </summary>
internal sealed class NovaInvokeModelStreamEncoder : ChunkStreamEncoder
{
    private readonly DeltaFrames _text;

    public NovaInvokeModelStreamEncoder(EmulatorClock clock, int tokensPerDelta)
        : base(clock)
    {
        _text = new DeltaFrames(tokensPerDelta, text => Chunk(DeltaEvent(text)));
    }

    public override byte[]? Prelude(Invocation inv)
        => Chunk(JsonSerializer.SerializeToUtf8Bytes(new NovaMessageStartChunk(), EmulatorJsonContext.Default.NovaMessageStartChunk));

    /// <summary>Nova's body has text only: one block, closed by its contentBlockStop after the last delta.</summary>
    public override byte[] Delta(Invocation inv, int block, int tokens, int offset)
        => Join(null, _text.Get(tokens, offset), EndsBlock(inv, block, tokens, offset)
            ? Chunk(JsonSerializer.SerializeToUtf8Bytes(new NovaContentBlockStopChunk(), EmulatorJsonContext.Default.NovaContentBlockStopChunk))
            : null);

    public override void WriteClosing(Invocation inv)
    {
        var json = EmulatorJsonContext.Default;
        var body = inv.Http.Response.BodyWriter;
        var stop = new NovaMessageStopChunk { MessageStop = new NovaStop { StopReason = inv.StopReason } };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(stop, json.NovaMessageStopChunk)));
        var metadata = new NovaMetadataChunk
        {
            Metadata = new NovaStreamMetadata
            {
                Usage = new NovaUsage
                {
                    InputTokens = (int)inv.InputTokens,
                    OutputTokens = inv.OutputSent,
                    CacheReadInputTokenCount = inv.CacheUsed ? (int)inv.Cache.ReadTokens : null,
                    CacheWriteInputTokenCount = inv.CacheUsed ? (int)inv.Cache.WriteTokens : null,
                },
            },
            InvocationMetrics = Metrics(inv),
        };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(metadata, json.NovaMetadataChunk)));
    }

    private static byte[] DeltaEvent(string text)
    {
        var delta = new NovaContentBlockDeltaChunk { ContentBlockDelta = new NovaContentBlockDelta { Delta = new NovaText { Text = text } } };
        return JsonSerializer.SerializeToUtf8Bytes(delta, EmulatorJsonContext.Default.NovaContentBlockDeltaChunk);
    }
}
