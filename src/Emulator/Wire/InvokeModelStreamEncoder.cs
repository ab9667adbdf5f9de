using System.Buffers;
using System.Text.Json;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// The InvokeModelWithResponseStream answer for an Anthropic Claude model: <c>chunk</c> events,
/// each carrying one Anthropic streaming event as base64 <c>bytes</c>: <c>message_start</c> with the
/// first delta; per content block a <c>content_block_start</c> (thinking, text or tool_use, empty), its
/// deltas (<c>thinking_delta</c> then one <c>signature_delta</c>; <c>text_delta</c>;
/// <c>input_json_delta</c> with <c>partial_json</c> fragments) and <c>content_block_stop</c>; then
/// <c>message_delta</c> (stop reason, output tokens) and <c>message_stop</c> with
/// <c>amazon-bedrock-invocationMetrics</c>.
/// </summary>
internal sealed class InvokeModelStreamEncoder : ChunkStreamEncoder
{
    private readonly DeltaFrames _textFirst;
    private readonly DeltaFrames _textAfterThinking;
    private readonly DeltaFrames _thinking;

    public InvokeModelStreamEncoder(EmulatorClock clock, int tokensPerDelta)
        : base(clock)
    {
        _textFirst = new DeltaFrames(tokensPerDelta, text => Event(0, new AnthropicDelta { Text = text }));
        _textAfterThinking = new DeltaFrames(tokensPerDelta, text => Event(1, new AnthropicDelta { Text = text }));
        _thinking = new DeltaFrames(tokensPerDelta, text => Event(0, new AnthropicDelta { Type = "thinking_delta", Thinking = text }));
    }

    public override byte[]? Prelude(Invocation inv)
    {
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
        return Chunk(JsonSerializer.SerializeToUtf8Bytes(start, EmulatorJsonContext.Default.AnthropicMessageStart));
    }

    public override byte[] Delta(Invocation inv, int block, int tokens, int offset)
    {
        var answer = inv.Answer;
        var json = EmulatorJsonContext.Default;
        var start = offset == 0
            ? Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockStart { Index = block, ContentBlock = InvokeModelEncoder.Block(answer, block, empty: true) }, json.AnthropicContentBlockStart))
            : null;
        var last = EndsBlock(inv, block, tokens, offset);
        var stop = last ? Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockStop { Index = block }, json.AnthropicContentBlockStop)) : null;
        switch (answer.Kind(block))
        {
            case AnswerBlockKind.Thinking:
                if (last)
                {
                    stop = [.. Event(block, new AnthropicDelta { Type = "signature_delta", Signature = answer.Signature }), .. stop!];
                }

                return Join(start, _thinking.Get(tokens, offset), stop);
            case AnswerBlockKind.Text:
                var text = block switch
                {
                    0 => _textFirst.Get(tokens, offset),
                    1 => _textAfterThinking.Get(tokens, offset),
                    _ => Event(block, new AnthropicDelta { Text = SyntheticText.Tokens(tokens, offset) }),
                };
                return Join(start, text, stop);
            default:
                return Join(start, Event(block, new AnthropicDelta { Type = "input_json_delta", PartialJson = answer.InputFragment(tokens, offset) }), stop);
        }
    }

    public override void WriteClosing(Invocation inv)
    {
        var json = EmulatorJsonContext.Default;
        var body = inv.Http.Response.BodyWriter;
        var messageDelta = new AnthropicMessageDelta
        {
            Delta = new AnthropicStopDelta { StopReason = inv.StopReason },
            Usage = new AnthropicOutputUsage { OutputTokens = inv.OutputSent },
        };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(messageDelta, json.AnthropicMessageDelta)));
        var stop = new AnthropicMessageStop { InvocationMetrics = Metrics(inv) };
        body.Write(Chunk(JsonSerializer.SerializeToUtf8Bytes(stop, json.AnthropicMessageStop)));
    }

    private static byte[] Event(int block, AnthropicDelta delta)
        => Chunk(JsonSerializer.SerializeToUtf8Bytes(new AnthropicContentBlockDelta { Index = block, Delta = delta }, EmulatorJsonContext.Default.AnthropicContentBlockDelta));
}
