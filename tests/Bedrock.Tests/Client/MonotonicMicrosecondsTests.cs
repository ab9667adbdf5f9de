using LoadTest.Bedrock.Client;

namespace LoadTest.Bedrock.Tests.Client;

public sealed class MonotonicMicrosecondsTests
{
    [Theory]
    [InlineData(1_500_000_000L, 1_000_000_000L, 1_500_000L)]        // 1.5 s of nanosecond ticks
    [InlineData(10_000_001L, 10_000_000L, 1_000_000L)]              // 100 ns ticks, rounded down
    [InlineData(0L, 1_000_000_000L, 0L)]
    public void Converts_ticks_to_whole_microseconds(long ticks, long frequency, long expected)
        => Assert.Equal(expected, MonotonicMicroseconds.Of(ticks, frequency));

    [Fact]
    public void Does_not_overflow_after_hours_of_uptime()
    {
        // Ten days of nanosecond ticks: ticks x 1,000,000 would overflow a long.
        const long tenDays = 10L * 24 * 3600 * 1_000_000_000 + 123_456_789;
        Assert.Equal((10L * 24 * 3600 * 1_000_000) + 123_456, MonotonicMicroseconds.Of(tenDays, 1_000_000_000));
    }
}
