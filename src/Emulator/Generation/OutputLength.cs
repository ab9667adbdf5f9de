namespace LoadTest.Emulator.Generation;

/// <summary>
/// A lognormal output-length distribution fitted to a mean and a 95th percentile: with
/// mean = exp(mu + s^2/2) and p95 = exp(mu + 1.645 s), s is the smaller root of
/// s^2/2 - 1.645 s + ln(p95/mean) = 0. A p95 too far above the mean has no exact fit; the
/// widest lognormal (s = 1.645) is used then.
/// </summary>
internal sealed class OutputLength
{
    private const double Z95 = 1.6448536269514722;
    private readonly double _mu;
    private readonly double _sigma;

    public OutputLength(double mean, double p95)
    {
        mean = Math.Max(1, mean);
        p95 = Math.Max(mean, p95);
        var c = Math.Log(p95 / mean);
        var disc = (Z95 * Z95) - (2 * c);
        _sigma = disc <= 0 ? Z95 : Z95 - Math.Sqrt(disc);
        _mu = Math.Log(mean) - (_sigma * _sigma / 2);
    }

    public int Sample(ref RequestRandom random)
    {
        var x = Math.Exp(_mu + (_sigma * random.NextGaussian()));
        return (int)Math.Clamp(Math.Round(x), 1, 1_000_000);
    }
}
