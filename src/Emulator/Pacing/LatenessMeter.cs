using HdrHistogram;

namespace LoadTest.Emulator.Pacing;

/// <summary>
/// Lateness of every stream delta (written - due), in microseconds, in concurrent HdrHistograms:
/// recording is a few interlocked increments, cheap enough for 100,000 frames a second.
/// </summary>
internal sealed class LatenessMeter
{
    private const long HighestMicros = 3_600_000_000; // one hour: anything later is clamped

    private readonly LongConcurrentHistogram _first = new(1, HighestMicros, 3);
    private readonly LongConcurrentHistogram _all = new(1, HighestMicros, 3);

    public void Record(bool first, long latenessMicros)
    {
        var value = Math.Clamp(latenessMicros, 0, HighestMicros);
        _all.RecordValue(value);
        if (first)
        {
            _first.RecordValue(value);
        }
    }

    public EmulatorLateness Snapshot(long timingRecordsDropped)
        => new(Summarize(_first.Copy()), Summarize(_all.Copy()), timingRecordsDropped);

    private static LatenessSummary Summarize(HistogramBase h)
    {
        if (h.TotalCount == 0)
        {
            return new LatenessSummary(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        return new LatenessSummary(
            h.TotalCount,
            TimeSpan.FromMicroseconds(h.GetValueAtPercentile(50)),
            TimeSpan.FromMicroseconds(h.GetValueAtPercentile(99)),
            TimeSpan.FromMicroseconds(h.GetMaxValue()));
    }
}
