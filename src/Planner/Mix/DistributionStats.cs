namespace LoadTest.Planner.Mix;

/// <summary>
/// One token count per request, described: mean with a bootstrap 95 % confidence interval,
/// percentiles, and a log-normal fit of the positive values (null when there are too few or they
/// are all equal).
/// </summary>
public sealed record DistributionStats(
    long Count,
    double Mean,
    double MeanCiLow,
    double MeanCiHigh,
    double P50,
    double P90,
    double P99,
    double Min,
    double Max,
    LogNormalFit? Fit)
{
    public static DistributionStats Constant(double value)
        => new(1, value, value, value, value, value, value, value, value, null);
}

/// <summary>A log-normal fitted to the positive values: ln(x) ~ Normal(Mu, Sigma). ZeroShare is the fraction of zeros left out.</summary>
public sealed record LogNormalFit(double Mu, double Sigma, double ZeroShare);
