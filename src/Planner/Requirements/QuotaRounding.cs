namespace LoadTest.Planner.Requirements;

/// <summary>
/// How recommended quota values are rounded: up to two significant figures (3,512,000 becomes
/// 3,600,000; 125 becomes 130), and values under 100 up to the next whole number. Rounding up
/// never recommends less than required, and two figures are what a quota request reads well with.
/// </summary>
public static class QuotaRounding
{
    public static long NiceCeiling(double value)
    {
        if (double.IsNaN(value) || value <= 0)
        {
            return 0;
        }

        // Shave float noise (3,500,000.0000001 must stay 3,500,000) before rounding up.
        var whole = (long)Math.Ceiling(value - 1e-6);
        if (whole < 100)
        {
            return whole;
        }

        var step = 1L;
        for (var digits = whole.ToString(System.Globalization.CultureInfo.InvariantCulture).Length; digits > 2; digits--)
        {
            step *= 10;
        }

        return ((whole + step - 1) / step) * step;
    }
}
