namespace LoadTest.Core.Models;

/// <summary>
/// A lognormal distribution from its mean and 95th percentile, as scenarios.yaml and the emulator
/// both describe token counts: mean = exp(mu + s^2/2), p95 = exp(mu + z s), so
/// s^2/2 - z s + ln(p95/mean) = 0. The smaller root is the fit; a p95 more than ~3.9x the mean has
/// no lognormal fit, so the spread is capped at z (the widest the mean allows).
/// </summary>
public static class LognormalFit
{
    /// <summary>The standard normal's 95th percentile.</summary>
    public const double Z95 = 1.6448536269514722;

    /// <returns>mu and sigma in log space.</returns>
    public static (double Mu, double Sigma) FromMeanAndP95(double mean, double p95)
    {
        var gap = Math.Log(p95 / mean);
        var discriminant = (Z95 * Z95) - (2 * gap);
        var sigma = discriminant <= 0 ? Z95 : Math.Max(0, Z95 - Math.Sqrt(discriminant));
        return (Math.Log(mean) - (sigma * sigma / 2), sigma);
    }
}
