using LoadTest.Emulator.Pipeline;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// An answer streamed as application/vnd.amazon.eventstream frames: an opening sent with the
/// headers, a prelude sent with the first delta, the content deltas (pre-encoded, see
/// <see cref="DeltaFrames"/>), and a closing after the last. Only the opening sets headers.
/// </summary>
internal abstract class EventStreamEncoder : ResponseEncoder
{
    /// <summary>The frame of each content delta.</summary>
    public abstract DeltaFrames Deltas { get; }

    /// <summary>Sets the success headers and writes what goes out before the first token (the caller flushes).</summary>
    public abstract void WriteOpening(Invocation inv);

    /// <summary>Frames written just before the first delta, or null.</summary>
    public abstract byte[]? Prelude(Invocation inv);

    /// <summary>Writes the frames after the last delta: stop, usage and metrics (the caller flushes).</summary>
    public abstract void WriteClosing(Invocation inv);
}
