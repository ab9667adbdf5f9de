using System.Buffers;
using LoadTest.Emulator.Pipeline;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Faults;

/// <summary>
/// Where a request's rolled <see cref="FaultPlan"/> acts on its answer once it is admitted (an
/// injected error is answered before admission; stalls and a slow first byte are in the deadlines).
/// </summary>
internal static class FaultInjection
{
    /// <summary>Whether a stream must stop halfway for a fault: to stall, reset, send an exception event or break a frame.</summary>
    public static bool StreamFaultPending(FaultPlan faults)
        => faults.MidStreamException is not null || faults.Reset || faults.Stall > TimeSpan.Zero || faults.TruncateFrame || faults.CorruptCrc;

    /// <summary>Drops the connection when a reset was rolled; returns the outcome, or null to carry on.</summary>
    public static InvocationOutcome? ResetConnection(Invocation inv)
    {
        if (!inv.Faults.Reset)
        {
            return null;
        }

        inv.Http.Abort();
        return InvocationOutcome.ConnectionReset;
    }

    /// <summary>
    /// Applies the reset, mid-stream and frame faults once, halfway through a stream (a stall is
    /// already in the deadlines): a reset drops the connection, a mid-stream fault sends an
    /// exception event and ends the stream, a truncated frame sends the first half of
    /// <paramref name="nextFrame"/> and ends the body, a CRC fault sends it with one payload byte
    /// flipped (its message CRC no longer matches) and ends the body. The HTTP response itself
    /// ends cleanly, so what the client sees is the broken frame, not a dropped connection.
    /// Returns the outcome when the stream must end, null to carry on.
    /// </summary>
    public static async Task<InvocationOutcome?> InterruptStreamAsync(Invocation inv, byte[] nextFrame)
    {
        var faults = inv.Faults;
        var body = inv.Http.Response.BodyWriter;
        var ct = inv.Http.RequestAborted;
        await body.FlushAsync(ct);
        if (ResetConnection(inv) is { } reset)
        {
            return reset;
        }

        if (faults.MidStreamException is { } type)
        {
            body.Write(EventStreamFrames.Exception(type, BedrockErrors.MessageFor(type)));
            await body.FlushAsync(ct);
            var pascal = char.ToUpperInvariant(type[0]) + type[1..];
            return new InvocationOutcome(BedrockErrors.Status(pascal), pascal);
        }

        if (faults.TruncateFrame)
        {
            body.Write(nextFrame.AsSpan(0, nextFrame.Length / 2));
            await body.FlushAsync(ct);
            return InvocationOutcome.TruncatedFrame;
        }

        if (faults.CorruptCrc)
        {
            // The last payload byte sits just before the 4-byte message CRC; the prelude stays valid.
            var corrupt = nextFrame.ToArray();
            corrupt[^5] ^= 0xFF;
            body.Write(corrupt);
            await body.FlushAsync(ct);
            return InvocationOutcome.CorruptFrame;
        }

        return null;
    }
}
