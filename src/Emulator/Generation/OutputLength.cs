using LoadTest.Core.Models;

namespace LoadTest.Emulator.Generation;

/// <summary>
/// A lognormal output-length distribution fitted to a mean and a 95th percentile
/// (<see cref="LognormalFit"/>, the same fit scenarios.yaml's token sizes use).
/// </summary>
internal sealed class OutputLength
{
    private readonly double _mu;
    private readonly double _sigma;

    public OutputLength(double mean, double p95)
    {
        mean = Math.Max(1, mean);
        p95 = Math.Max(mean, p95);
        (_mu, _sigma) = LognormalFit.FromMeanAndP95(mean, p95);
    }

    public int Sample(ref RequestRandom random)
    {
        var x = Math.Exp(_mu + (_sigma * random.NextGaussian()));
        return (int)Math.Clamp(Math.Round(x), 1, 1_000_000);
    }
}
