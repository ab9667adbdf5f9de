using System.Globalization;

namespace LoadTest.Reports;

/// <summary>Number formatting shared by every report: invariant culture, few digits, units people read.</summary>
internal static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>850 ms, 1.24 s, 2 m 05 s.</summary>
    public static string Ms(double ms)
    {
        if (double.IsNaN(ms))
        {
            return "–";
        }

        if (Math.Abs(ms) < 1000)
        {
            return ms.ToString(Math.Abs(ms) < 10 ? "0.#" : "0", Inv) + " ms";
        }

        if (Math.Abs(ms) < 60_000)
        {
            return (ms / 1000).ToString(Math.Abs(ms) < 10_000 ? "0.00" : "0.0", Inv) + " s";
        }

        var total = TimeSpan.FromMilliseconds(ms);
        return $"{(int)total.TotalMinutes} m {total.Seconds:00} s";
    }

    /// <summary>A percentage of a 0..1 fraction: 0.6%, 12.3%, 100%.</summary>
    public static string Pct(double fraction)
    {
        var p = fraction * 100;
        return p == 0 ? "0%" : p < 0.1 ? p.ToString("0.00", Inv) + "%" : p < 10 ? p.ToString("0.0#", Inv) + "%" : p.ToString("0.#", Inv) + "%";
    }

    public static string Int(double n) => Math.Round(n).ToString("#,0", Inv);

    public static string Num(double n, int decimals = 1) => n.ToString("#,0." + new string('#', decimals), Inv);

    /// <summary>1.2k, 3.4M, 1.1B: for axis labels and token counts.</summary>
    public static string Compact(double n)
    {
        var a = Math.Abs(n);
        return a >= 1e9 ? (n / 1e9).ToString("0.##", Inv) + "B"
            : a >= 1e6 ? (n / 1e6).ToString("0.##", Inv) + "M"
            : a >= 1e4 ? (n / 1e3).ToString("0.#", Inv) + "k"
            : n.ToString("0.##", Inv);
    }

    /// <summary>m:ss since the run's start.</summary>
    public static string Clock(double seconds)
    {
        var s = (int)Math.Round(seconds);
        return s >= 3600 ? $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}" : $"{s / 60}:{s % 60:00}";
    }

    public static string Duration(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes:00} m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} m {t.Seconds:00} s" : $"{t.Seconds} s";
    }

    /// <summary>$12.34, and four decimals under a dollar ($0.0123): a short run's cost is cents.</summary>
    public static string Usd(double usd) => usd.ToString(Math.Abs(usd) < 1 ? "$0.0000" : "$#,0.00", Inv);

    public static string Invariant(double n) => n.ToString("0.###", Inv);
}
