using LoadTest.Bedrock.Client;

namespace LoadTest.Emulator;

/// <summary>
/// Seconds since the emulator started, read from the configured <see cref="TimeProvider"/>: the
/// quota buckets, cache TTLs, outage windows and stream deadlines all run on it, so a
/// FakeTimeProvider drives them.
/// </summary>
internal sealed class EmulatorClock
{
    private readonly long _start;
    private readonly double _ticksPerSecond;

    public EmulatorClock(TimeProvider time)
    {
        Time = time;
        _start = time.GetTimestamp();
        _ticksPerSecond = time.TimestampFrequency;
    }

    public TimeProvider Time { get; }

    public double Seconds => Time.GetElapsedTime(_start).TotalSeconds;

    public DateTimeOffset UtcNow => Time.GetUtcNow();

    public long Timestamp => Time.GetTimestamp();

    public double MillisecondsSince(long timestamp) => Time.GetElapsedTime(timestamp).TotalMilliseconds;

    /// <summary>Whole milliseconds since <paramref name="timestamp"/>, rounded, as Bedrock reports latencies.</summary>
    public long WholeMillisecondsSince(long timestamp) => (long)Math.Round(MillisecondsSince(timestamp));

    /// <summary>A duration in timestamp ticks (the unit of <see cref="Timestamp"/>), for absolute deadlines.</summary>
    public long TicksOf(TimeSpan span) => (long)Math.Round(span.TotalSeconds * _ticksPerSecond);

    /// <summary>Timestamp ticks as microseconds (see <see cref="MonotonicMicroseconds"/>).</summary>
    public long Micros(long ticks) => MonotonicMicroseconds.Of(ticks, Time.TimestampFrequency);
}
