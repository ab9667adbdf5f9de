namespace LoadTest.Scenarios.Measurement;

/// <summary>
/// The one rule for "per minute" over a run's seconds: the sum over the 60 s window ending with
/// each second, or, over a span shorter than a minute, over the whole span scaled to a minute.
/// The summary's peak TPM and the per-second quotaTpm and rpm columns both come from here, so a
/// chart of the column reaches exactly the peak written above it.
/// </summary>
internal static class MinuteWindow
{
    public const int Seconds = 60;

    /// <summary>Seconds a run covers: every second holding a count, and at least the load.</summary>
    public static int Span(int secondsWithData, double loadSeconds)
        => Math.Max(secondsWithData, (int)Math.Ceiling(Math.Max(loadSeconds, 1)));

    /// <summary>Per-minute rate at each second, to 0.1 (the precision the summary reports).</summary>
    public static double[] Rates(IReadOnlyList<long> perSecond, int span)
    {
        ArgumentNullException.ThrowIfNull(perSecond);
        var window = Math.Clamp(span, 1, Seconds);
        var rates = new double[perSecond.Count];
        long running = 0;
        for (var i = 0; i < perSecond.Count; i++)
        {
            running += perSecond[i];
            if (i >= window)
            {
                running -= perSecond[i - window];
            }

            rates[i] = Math.Round(running * 60.0 / window, 1);
        }

        return rates;
    }
}
