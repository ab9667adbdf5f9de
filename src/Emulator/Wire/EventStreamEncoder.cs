using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// An answer streamed as application/vnd.amazon.eventstream frames: an opening sent with the
/// headers, a prelude sent with the first delta, the deltas of each content block of the answer
/// (<see cref="Generation.AnswerPlan"/>: thinking, text, a tool call) with the block's start and stop
/// events around them, and a closing after the last. Only the opening sets headers.
/// </summary>
internal abstract class EventStreamEncoder : ResponseEncoder
{
    /// <summary>Sets the success headers and writes what goes out before the first token (the caller flushes).</summary>
    public abstract void WriteOpening(Invocation inv);

    /// <summary>Frames written just before the first delta, or null.</summary>
    public abstract byte[]? Prelude(Invocation inv);

    /// <summary>
    /// The frames of one delta: <paramref name="tokens"/> tokens at <paramref name="offset"/> within
    /// content block <paramref name="block"/> of the answer, preceded by the block's start event when it
    /// is the block's first delta and followed by its stop event (after a thinking block's signature)
    /// when it is the last.
    /// </summary>
    public abstract byte[] Delta(Invocation inv, int block, int tokens, int offset);

    /// <summary>Writes the frames after the last delta: stop, usage and metrics (the caller flushes).</summary>
    public abstract void WriteClosing(Invocation inv);

    /// <summary>Whether the delta at <paramref name="offset"/> of <paramref name="tokens"/> tokens ends block <paramref name="block"/>.</summary>
    protected static bool EndsBlock(Invocation inv, int block, int tokens, int offset) => offset + tokens >= inv.Answer.Tokens(block);

    /// <summary>Frames written back to back.</summary>
    protected static byte[] Join(byte[]? before, byte[] frame, byte[]? after)
    {
        if (before is null && after is null)
        {
            return frame;
        }

        return [.. before ?? [], .. frame, .. after ?? []];
    }
}
