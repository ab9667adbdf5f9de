using LoadTest.Config;
namespace LoadTest.Scenarios.Load;

/// <summary>
/// When an open-model phase starts requests: pure functions of the phase (and, for Poisson, the
/// seeded random source), no clock. Times are offsets from the phase's start, ascending, all
/// inside [0, duration). Evenly paced phases put the k-th start where the integral of the rate
/// reaches k, so the first start is at 0 and a ramp's count is the area under its rate line.
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>Start offsets of <paramref name="phase"/> (empty for closed-model and pause phases).</summary>
    public static IEnumerable<TimeSpan> Arrivals(LoadPhase phase, Random random)
    {
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(random);
        return phase switch
        {
            ConstantPhase c => Paced(c.RatePerMinute / 60, c.RatePerMinute / 60, c.Duration),
            RampPhase r => Paced(r.FromRpm / 60, r.ToRpm / 60, r.Duration),
            PoissonPhase p => Poisson(p.RatePerMinute / 60, p.Duration, random),
            _ => [],
        };
    }

    /// <summary>Requests the schedule expects by <paramref name="elapsed"/> into the phase (the integral of the rate).</summary>
    public static double ExpectedBy(LoadPhase phase, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(phase);
        var d = phase.Duration.TotalSeconds;
        var t = Math.Clamp(elapsed.TotalSeconds, 0, d);
        return phase switch
        {
            ConstantPhase c => c.RatePerMinute / 60 * t,
            PoissonPhase p => p.RatePerMinute / 60 * t,
            RampPhase r when d > 0 => (r.FromRpm / 60 * t) + ((r.ToRpm - r.FromRpm) / 60 * t * t / (2 * d)),
            _ => 0,
        };
    }

    /// <summary>Offered rate (per minute) at <paramref name="elapsed"/> into the phase.</summary>
    public static double RpmAt(LoadPhase phase, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(phase);
        var (from, to) = phase.Rpm;
        var d = phase.Duration.TotalSeconds;
        if (d <= 0)
        {
            return from;
        }

        var f = Math.Clamp(elapsed.TotalSeconds / d, 0, 1);
        return from + ((to - from) * f);
    }

    private static IEnumerable<TimeSpan> Paced(double fromPerSecond, double toPerSecond, TimeSpan duration)
    {
        var d = duration.TotalSeconds;
        if (d <= 0 || (fromPerSecond <= 0 && toPerSecond <= 0))
        {
            yield break;
        }

        // N(t) = r0 t + a t^2 with a = (r1 - r0) / 2d; the k-th start solves N(t) = k. The form
        // 2k / (r0 + sqrt(r0^2 + 4ak)) is the stable root for a of either sign (and for a = 0).
        var r0 = fromPerSecond;
        var a = (toPerSecond - fromPerSecond) / (2 * d);
        var total = (r0 * d) + (a * d * d);
        for (long k = 0; k < total; k++)
        {
            var disc = Math.Max(0, (r0 * r0) + (4 * a * k));
            var denominator = r0 + Math.Sqrt(disc);
            var t = k == 0 ? 0 : 2 * k / denominator;
            if (!(t < d))
            {
                yield break;
            }

            yield return TimeSpan.FromSeconds(t);
        }
    }

    private static IEnumerable<TimeSpan> Poisson(double perSecond, TimeSpan duration, Random random)
    {
        var d = duration.TotalSeconds;
        if (d <= 0 || perSecond <= 0)
        {
            yield break;
        }

        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1.0 - random.NextDouble()) / perSecond;
            if (t >= d)
            {
                yield break;
            }

            yield return TimeSpan.FromSeconds(t);
        }
    }
}
