using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace LoadTest.Planner.Mix;

/// <summary>Describes a sample of per-request token counts (<see cref="DistributionStats"/>).</summary>
public static class TokenStatistics
{
    /// <summary>Resamples of the percentile bootstrap for the mean.</summary>
    public const int BootstrapResamples = 400;

    /// <summary>
    /// Above this sample size the mean's 95 % interval uses the normal approximation
    /// (mean ± 1.96 s/√n): the bootstrap would agree to the last digit and costs n x resamples.
    /// </summary>
    public const int BootstrapMaxSamples = 50_000;

    public static DistributionStats Describe(IReadOnlyList<double> values, Random random)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(random);
        if (values.Count == 0)
        {
            return new DistributionStats(0, 0, 0, 0, 0, 0, 0, 0, 0, null);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mean = sorted.Average();
        var (low, high) = MeanInterval(sorted, mean, random);
        return new DistributionStats(
            sorted.Length,
            mean,
            low,
            high,
            SortedArrayStatistics.Quantile(sorted, 0.50),
            SortedArrayStatistics.Quantile(sorted, 0.90),
            SortedArrayStatistics.Quantile(sorted, 0.99),
            sorted[0],
            sorted[^1],
            FitLogNormal(sorted));
    }

    private static (double Low, double High) MeanInterval(double[] values, double mean, Random random)
    {
        var n = values.Length;
        if (n < 2)
        {
            return (mean, mean);
        }

        if (n > BootstrapMaxSamples)
        {
            var sd = values.StandardDeviation();
            var half = 1.96 * sd / Math.Sqrt(n);
            return (mean - half, mean + half);
        }

        var means = new double[BootstrapResamples];
        for (var b = 0; b < means.Length; b++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += values[random.Next(n)];
            }

            means[b] = sum / n;
        }

        Array.Sort(means);
        return (SortedArrayStatistics.Quantile(means, 0.025), SortedArrayStatistics.Quantile(means, 0.975));
    }

    private static LogNormalFit? FitLogNormal(double[] sorted)
    {
        var positive = sorted.Where(v => v > 0).ToArray();
        if (positive.Length < 2 || positive[0] == positive[^1])
        {
            return null;
        }

        var fit = LogNormal.Estimate(positive);
        return new LogNormalFit(fit.Mu, fit.Sigma, 1.0 - ((double)positive.Length / sorted.Length));
    }
}
