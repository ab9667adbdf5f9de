using LoadTest.Config;

namespace LoadTest.Scenarios.Tests;

public sealed class TokenDistributionTests
{
    [Fact]
    public void Lognormal_samples_have_the_configured_mean_and_p95()
    {
        var d = TokenDistribution.Lognormal(1200, 3000);
        var random = new Random(7);
        var samples = Enumerable.Range(0, 40_000).Select(_ => d.Sample(random)).OrderBy(x => x).ToArray();

        Assert.InRange(samples.Average(), 1200 * 0.97, 1200 * 1.03);
        Assert.InRange(samples[(int)(samples.Length * 0.95)], 3000 * 0.95, 3000 * 1.05);
        Assert.True(samples[0] >= 1);
    }

    [Fact]
    public void Fixed_is_always_the_same_and_mean_equal_to_p95_is_fixed()
    {
        var random = new Random(1);
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal(500, TokenDistribution.Constant(500).Sample(random)));
        Assert.Equal(300, TokenDistribution.Lognormal(300, 300).Fixed);
    }

    [Fact]
    public void A_p95_beyond_what_a_lognormal_allows_keeps_the_mean()
    {
        var d = TokenDistribution.Lognormal(100, 2000);
        var random = new Random(3);
        var mean = Enumerable.Range(0, 100_000).Select(_ => (double)d.Sample(random)).Average();

        Assert.InRange(mean, 90, 110);
    }
}
