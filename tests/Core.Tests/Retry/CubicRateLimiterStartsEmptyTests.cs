using LoadTest.Core.Retry;

namespace LoadTest.Core.Tests.Retry;

/// <summary>The CubicLimiterSettings.StartsEmpty knob: the bucket's first refill keeps it empty instead of filling it.</summary>
public sealed class CubicRateLimiterStartsEmptyTests
{
    [Theory]
    [InlineData(false, 1.0)]
    [InlineData(true, 0.0)]
    public void The_first_throttle_leaves_a_full_or_an_empty_bucket(bool startsEmpty, double expectedTokens)
    {
        var limiter = new CubicRateLimiter(new CubicLimiterSettings { StartsEmpty = startsEmpty }, now: 0);
        limiter.Update(0.2, throttled: true);
        Assert.True(limiter.Enabled);
        Assert.Equal(expectedTokens, limiter.Capacity(0.2));

        // Either way it then refills at the minimum rate of 0.5 tokens a second, up to the one-token capacity.
        Assert.Equal(Math.Min(1.0, expectedTokens + 0.5), limiter.Capacity(1.2), 9);
    }
}
