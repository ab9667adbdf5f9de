namespace LoadTest.Emulator;

/// <summary>
/// Seconds since the emulator started, read from the configured <see cref="TimeProvider"/>: the
/// quota buckets, cache TTLs and outage windows all run on it, so a FakeTimeProvider drives them.
/// </summary>
internal sealed class EmulatorClock
{
    private readonly long _start;

    public EmulatorClock(TimeProvider time)
    {
        Time = time;
        _start = time.GetTimestamp();
    }

    public TimeProvider Time { get; }

    public double Seconds => Time.GetElapsedTime(_start).TotalSeconds;

    public DateTimeOffset UtcNow => Time.GetUtcNow();

    public long Timestamp => Time.GetTimestamp();

    public double MillisecondsSince(long timestamp) => Time.GetElapsedTime(timestamp).TotalMilliseconds;
}
