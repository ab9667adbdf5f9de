using LoadTest.Core.Models;

namespace LoadTest.Config;

/// <summary>
/// A token count per request: fixed, or lognormal fitted to a mean and a 95th percentile (the two
/// numbers people know about their traffic). Samples are at least 1, except from
/// <c>Constant(0)</c> (an embedding workload's output, which is none).
/// </summary>
public sealed record TokenDistribution
{
    private TokenDistribution(double mean, double p95, int? fixedValue)
    {
        Mean = mean;
        P95 = p95;
        Fixed = fixedValue;
        if (fixedValue is null)
        {
            (Mu, Sigma) = LognormalFit.FromMeanAndP95(mean, p95);
        }
    }

    public double Mean { get; }

    public double P95 { get; }

    public int? Fixed { get; }

    /// <summary>Lognormal parameters (log space); zero spread for a fixed size.</summary>
    public double Mu { get; }

    public double Sigma { get; }

    public static TokenDistribution Constant(int tokens) => new(tokens, tokens, tokens);

    public static TokenDistribution Lognormal(double mean, double p95)
    {
        if (!(mean >= 1) || !(p95 >= mean))
        {
            throw new ArgumentOutOfRangeException(nameof(p95), "need 1 <= mean <= p95");
        }

        return p95 == mean ? new(mean, p95, (int)Math.Round(mean)) : new(mean, p95, null);
    }

    public int Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Fixed is { } f)
        {
            return f;
        }

        // Box-Muller: one standard normal from two uniforms.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        var value = Math.Exp(Mu + (Sigma * z));
        return (int)Math.Clamp(Math.Round(value), 1, 10_000_000);
    }

    public override string ToString() => Fixed is { } f ? $"{f}" : $"mean {Mean}, p95 {P95}";
}
