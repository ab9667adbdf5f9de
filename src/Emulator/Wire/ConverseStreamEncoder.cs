using System.Buffers;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The ConverseStream answer: <c>messageStart</c> with the headers; per content block its deltas and a
/// <c>contentBlockStop</c>: thinking as <c>delta.reasoningContent.text</c> then one
/// <c>delta.reasoningContent.signature</c>, text as <c>delta.text</c>, a tool call opened by
/// <c>contentBlockStart</c> with <c>start.toolUse{toolUseId, name}</c> and sent as
/// <c>delta.toolUse.input</c> JSON fragments (no contentBlockStart for text or reasoning, as Bedrock
/// sends none); then <c>messageStop</c> and <c>metadata</c> (usage, latency).
/// </summary>
internal sealed class ConverseStreamEncoder : EventStreamEncoder
{
    private readonly EmulatorClock _clock;
    private readonly DeltaFrames _textFirst;
    private readonly DeltaFrames _textAfterThinking;
    private readonly DeltaFrames _thinking;

    public ConverseStreamEncoder(EmulatorClock clock, int tokensPerDelta)
    {
        _clock = clock;
        _textFirst = new DeltaFrames(tokensPerDelta, text => TextFrame(0, text));
        _textAfterThinking = new DeltaFrames(tokensPerDelta, text => TextFrame(1, text));
        _thinking = new DeltaFrames(tokensPerDelta, text => Frame(0, new ContentBlockDelta { ReasoningContent = new ReasoningContentBlockDelta { Text = text } }));
    }

    public override void WriteOpening(Invocation inv)
    {
        BedrockResponse.SetSuccessHeaders(inv, EventStreamFrames.ContentType);
        inv.Http.Response.BodyWriter.Write(EventStreamFrames.Event("messageStart", new MessageStartEvent { Role = "assistant" }, BedrockJsonContext.Default.MessageStartEvent));
    }

    public override byte[]? Prelude(Invocation inv) => null;

    public override byte[] Delta(Invocation inv, int block, int tokens, int offset)
    {
        var answer = inv.Answer;
        var last = EndsBlock(inv, block, tokens, offset);
        switch (answer.Kind(block))
        {
            case AnswerBlockKind.Thinking:
                return Join(null, _thinking.Get(tokens, offset), last
                    ? [.. Frame(block, new ContentBlockDelta { ReasoningContent = new ReasoningContentBlockDelta { Signature = answer.Signature } }), .. Stop(block)]
                    : null);
            case AnswerBlockKind.Text:
                var frames = block switch
                {
                    0 => _textFirst.Get(tokens, offset),
                    1 => _textAfterThinking.Get(tokens, offset),
                    _ => TextFrame(block, Generation.SyntheticText.Tokens(tokens, offset)),
                };
                return Join(null, frames, last ? Stop(block) : null);
            default:
                var tool = answer.Tool!;
                var start = offset == 0
                    ? EventStreamFrames.Event("contentBlockStart", new ContentBlockStartEvent { ContentBlockIndex = block, Start = new ContentBlockStart { ToolUse = new ToolUseBlockStart { ToolUseId = tool.Id, Name = tool.Name } } }, BedrockJsonContext.Default.ContentBlockStartEvent)
                    : null;
                return Join(start, Frame(block, new ContentBlockDelta { ToolUse = new ToolUseBlockDelta { Input = answer.InputFragment(tokens, offset) } }), last ? Stop(block) : null);
        }
    }

    public override void WriteClosing(Invocation inv)
    {
        var body = inv.Http.Response.BodyWriter;
        body.Write(EventStreamFrames.Event("messageStop", new MessageStopEvent { StopReason = inv.StopReason }, BedrockJsonContext.Default.MessageStopEvent));
        var metadata = new ConverseStreamMetadataEvent
        {
            Usage = ConverseEncoder.Usage(inv),
            Metrics = new ConverseMetrics { LatencyMs = _clock.WholeMillisecondsSince(inv.StartTimestamp) },
        };
        body.Write(EventStreamFrames.Event("metadata", metadata, BedrockJsonContext.Default.ConverseStreamMetadataEvent));
    }

    private static byte[] Stop(int block)
        => EventStreamFrames.Event("contentBlockStop", new ContentBlockStopEvent { ContentBlockIndex = block }, BedrockJsonContext.Default.ContentBlockStopEvent);

    private static byte[] TextFrame(int block, string text)
        => EventStreamFrames.Event("contentBlockDelta", new ContentBlockDeltaEvent { ContentBlockIndex = block, Delta = new ContentBlockDelta { Text = text } }, BedrockJsonContext.Default.ContentBlockDeltaEvent);

    private static byte[] Frame(int block, ContentBlockDelta delta)
        => EventStreamFrames.Event("contentBlockDelta", new ContentBlockDeltaEvent { ContentBlockIndex = block, Delta = delta }, BedrockJsonContext.Default.ContentBlockDeltaEvent);
}
