using System.Buffers;
using LoadTest.Emulator.Admission;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Observability;
using LoadTest.Emulator.Pipeline;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Pacing;

/// <summary>
/// Sends an admitted request's answer in modelled time, every wait to an absolute deadline from
/// the request's arrival so no wait adds to another. A whole answer waits for slow first byte +
/// first token + generation + stall; a stream sends its headers after the slow first byte, then
/// each delta at its own deadline (<see cref="DeltaSchedule"/>), with the stream faults applied
/// once halfway. What the bytes are is the encoder's business; when they go out is this class's.
/// </summary>
internal sealed class ResponsePacer
{
    private readonly EmulatorClock _clock;
    private readonly LatencyModel _latency;
    private readonly StreamPacer _pacer;
    private readonly LatenessMeter _lateness;
    private readonly TimingLog? _timing;
    private readonly int _tokensPerDelta;
    private readonly RequestAdmission _admission;

    public ResponsePacer(EmulatorClock clock, LatencyModel latency, int tokensPerDelta, StreamPacer pacer, LatenessMeter lateness, TimingLog? timing, RequestAdmission admission)
    {
        _admission = admission;
        _clock = clock;
        _latency = latency;
        _tokensPerDelta = tokensPerDelta;
        _pacer = pacer;
        _lateness = lateness;
        _timing = timing;
    }

    /// <summary>
    /// Waits out the slow-first-byte fault, applies a reset, then waits for first token +
    /// generation + stall and writes the whole answer; after it the whole output counts as sent.
    /// </summary>
    public async Task<InvocationOutcome> AnswerAsync(Invocation inv, JsonResponseEncoder encoder)
    {
        var faults = inv.Faults;
        await WaitUntilAsync(inv, faults.SlowFirstByte);
        if (FaultInjection.ResetConnection(inv) is { } reset)
        {
            return reset;
        }

        // The answer is written whole, but the reservation's unused part goes back while the model
        // would generate it: all of it halfway through, the time-average of a release in step with
        // the output (as the planner's simulation models it), at one extra wake rather than one per
        // step. None when nothing is released early.
        var generating = faults.SlowFirstByte + inv.FirstToken;
        if (inv.NextRelease < inv.OutputTokens)
        {
            await WaitUntilAsync(inv, generating + _latency.Generation(inv.Model, inv.OutputTokens / 2));
            _admission.Release(inv, inv.OutputTokens, _clock.Seconds);
        }

        await WaitUntilAsync(inv, generating + _latency.Generation(inv.Model, inv.OutputTokens) + faults.Stall);
        inv.OutputSent = inv.OutputTokens;
        await encoder.WriteAsync(inv);
        inv.HeadersTimestamp = _clock.Timestamp;
        return InvocationOutcome.Ok;
    }

    /// <summary>Sends the opening after the slow first byte, the deltas at their deadlines, then the closing.</summary>
    public async Task<InvocationOutcome> StreamAsync(Invocation inv, EventStreamEncoder encoder)
    {
        var http = inv.Http;
        var ct = http.RequestAborted;
        await WaitUntilAsync(inv, inv.Faults.SlowFirstByte);
        encoder.WriteOpening(inv);
        var body = http.Response.BodyWriter;
        await body.FlushAsync(ct);
        inv.HeadersTimestamp = _clock.Timestamp;

        var interrupted = await StreamDeltasAsync(inv, encoder, encoder.Prelude(inv));
        if (interrupted is { } outcome)
        {
            return outcome;
        }

        encoder.WriteClosing(inv);
        await body.FlushAsync(ct);
        return InvocationOutcome.Ok;
    }

    /// <summary>Waits until <paramref name="offset"/> after the request arrived: an absolute deadline, so no wait adds to another.</summary>
    private ValueTask WaitUntilAsync(Invocation inv, TimeSpan offset)
        => _pacer.WaitUntilAsync(inv.Waiter!, inv.StartTimestamp + _clock.TicksOf(offset), inv.Http.RequestAborted);

    /// <summary>
    /// Writes the answer block by block (thinking, text, a tool call) as deltas of up to
    /// <c>TokensPerStreamDelta</c> tokens, a block's last delta possibly shorter; each delta is due at
    /// its absolute deadline (<see cref="DeltaSchedule"/>: arrival + slow first byte + first token + the
    /// generation time of the tokens before it), so the first visible token waits for the thinking. The
    /// stream faults apply once, at the delta that holds the middle token (a stall shifts the deadlines
    /// after it). Deltas already due when a request wakes (a late wake under load, or no modelled
    /// latency) go out together in one flush. Records every delta's lateness, and its times when a
    /// timing log is kept. Returns the outcome when a fault ended the stream, null when every token was sent.
    /// </summary>
    private async Task<InvocationOutcome?> StreamDeltasAsync(Invocation inv, EventStreamEncoder encoder, byte[]? prelude)
    {
        var faults = inv.Faults;
        var ct = inv.Http.RequestAborted;
        var body = inv.Http.Response.BodyWriter;
        var layout = new DeltaLayout(inv.Answer, _tokensPerDelta);
        var count = layout.Count;
        var faultAt = FaultInjection.StreamFaultPending(faults) ? layout.DeltaHolding(inv.OutputTokens / 2) : -1;
        var perToken = _latency.Generation(inv.Model, 1).TotalSeconds * _clock.Time.TimestampFrequency;
        var schedule = new DeltaSchedule(inv.StartTimestamp + _clock.TicksOf(faults.SlowFirstByte + inv.FirstToken), perToken, faultAt < 0 ? -1 : layout.TokensBefore(faultAt), _clock.TicksOf(faults.Stall));
        if (_timing is not null)
        {
            inv.DueUs = new long[count];
            inv.WrittenUs = new long[count];
        }

        var k = 0;
        while (k < count)
        {
            await _pacer.WaitUntilAsync(inv.Waiter!, schedule.Due(layout.TokensBefore(k)), ct);
            if (k == 0 && prelude is not null)
            {
                body.Write(prelude);
            }

            if (k == faultAt && await FaultInjection.InterruptStreamAsync(inv, Frames(inv, encoder, layout, k)) is { } outcome)
            {
                return outcome;
            }

            var first = k;
            var now = _clock.Timestamp;
            do
            {
                body.Write(Frames(inv, encoder, layout, k));
                inv.OutputSent += layout.Tokens(k);
                k++;
            }
            while (k < count && k != faultAt && schedule.Due(layout.TokensBefore(k)) <= now);

            if (inv.OutputSent >= inv.NextRelease)
            {
                _admission.Release(inv, inv.OutputSent, _clock.Seconds);
            }

            await body.FlushAsync(ct);
            RecordWritten(inv, schedule, layout, first, k);
        }

        return null;
    }

    private static byte[] Frames(Invocation inv, EventStreamEncoder encoder, DeltaLayout layout, int k)
    {
        var (block, offset) = layout.Position(k);
        return encoder.Delta(inv, block, layout.Tokens(k), offset);
    }

    /// <summary>Lateness of deltas [first, end), all written by the flush that just returned.</summary>
    private void RecordWritten(Invocation inv, DeltaSchedule schedule, DeltaLayout layout, int first, int end)
    {
        var written = _clock.Timestamp;
        if (first == 0)
        {
            inv.FirstDeltaTimestamp = written;
        }

        var start = inv.StartTimestamp;
        for (var i = first; i < end; i++)
        {
            var due = schedule.Due(layout.TokensBefore(i));
            _lateness.Record(i == 0, _clock.Micros(written - due));
            if (inv.DueUs is { } dueUs && inv.WrittenUs is { } writtenUs)
            {
                dueUs[i] = _clock.Micros(due - start);
                writtenUs[i] = _clock.Micros(written - start);
            }
        }

        inv.Deltas = end;
    }
}
