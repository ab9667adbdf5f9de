using LoadTest.Core.Retry;

namespace LoadTest.Core.Tests.Retry;

/// <summary>The additive knobs of <see cref="CubicLimiterSettings"/>: defaults keep the earlier behaviour.</summary>
public sealed class CubicLimiterKnobsTests
{
    [Fact]
    public void By_default_the_first_refill_fills_the_bucket_and_starts_empty_keeps_it_at_zero()
    {
        var full = new CubicRateLimiter(new CubicLimiterSettings(), 0);
        var empty = new CubicRateLimiter(new CubicLimiterSettings { StartsEmpty = true }, 0);
        full.Update(1, throttled: true);
        empty.Update(1, throttled: true);
        Assert.Equal(1, full.Capacity(1));
        Assert.Equal(0, empty.Capacity(1));
        Assert.True(full.TryTake(1));
        Assert.False(empty.TryTake(1));
    }

    [Fact]
    public void Rounding_digits_round_the_measured_rate()
    {
        var exact = new CubicRateLimiter(new CubicLimiterSettings(), 0);
        var rounded = new CubicRateLimiter(new CubicLimiterSettings { RoundingDigits = 2 }, 0);
        foreach (var limiter in new[] { exact, rounded })
        {
            limiter.Update(0.1, throttled: false);
            limiter.Update(1.5, throttled: false);   // 2 responses over 1.5 s -> 0.8 x 4/3
        }

        Assert.Equal(0.8 * 2 / 1.5, exact.MeasuredRate, precision: 12);
        Assert.Equal(1.07, rounded.MeasuredRate, precision: 12);
    }
}
