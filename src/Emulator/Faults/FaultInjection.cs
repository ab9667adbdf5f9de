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
    /// <summary>Whether a stream must stop halfway for a fault: to stall, reset or send an exception event.</summary>
    public static bool StreamFaultPending(FaultPlan faults)
        => faults.MidStreamException is not null || faults.Reset || faults.Stall > TimeSpan.Zero;

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
    /// Applies the reset and mid-stream faults once, halfway through a stream (a stall is already
    /// in the deadlines): a reset drops the connection, a mid-stream fault sends an exception event
    /// and ends the stream. Returns the outcome when the stream must end, null to carry on.
    /// </summary>
    public static async Task<InvocationOutcome?> InterruptStreamAsync(Invocation inv)
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

        return null;
    }
}
