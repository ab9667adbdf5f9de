namespace LoadTest.Bedrock.Client;

/// <summary>
/// Raw timestamps (of a <see cref="TimeProvider"/>; with the system clock, Stopwatch ticks, i.e.
/// CLOCK_MONOTONIC on Linux) as microseconds, for timing logs that other processes on the machine
/// compare with their own. Split into whole seconds and the rest, because ticks x 1,000,000
/// overflows a long after ~2.5 hours of uptime at 1 GHz; this is exact for ~290 years.
/// </summary>
public static class MonotonicMicroseconds
{
    public static long Of(long timestamp, long frequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(frequency, 0);
        return ((timestamp / frequency) * 1_000_000) + ((timestamp % frequency) * 1_000_000 / frequency);
    }
}
