using System.Globalization;
using System.Net;
using System.Text;

namespace LoadTest.Reports.Charts;

/// <summary>Small helpers for hand-written SVG: invariant numbers, escaped text, nice axis ticks.</summary>
internal static class Svg
{
    public static string N(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Esc(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Ticks at 1, 2, 2.5 or 5 x 10^k covering [0, max].</summary>
    public static (double Top, IReadOnlyList<double> Ticks) NiceTicks(double max, int target = 5)
    {
        if (!(max > 0) || !double.IsFinite(max))
        {
            max = 1;
        }

        var rough = max / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        var top = Math.Ceiling(max / step - 1e-9) * step;
        var ticks = new List<double>();
        for (var t = 0.0; t <= top + step / 2; t += step)
        {
            ticks.Add(t);
        }

        return (top, ticks);
    }

    /// <summary>Seconds between x-axis labels so a run of any length gets 5-10 of them.</summary>
    public static int TimeStep(double seconds)
    {
        int[] steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
        return steps.FirstOrDefault(s => seconds / s <= 10, 14400);
    }

    /// <summary>A horizontal grid line from <paramref name="left"/> to <paramref name="right"/> and its label at each y-axis tick; <paramref name="y"/> places a value.</summary>
    public static void YGrid(StringBuilder sb, IEnumerable<double> ticks, Func<double, double> y, double left, double right, AxisFormat format)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(ticks);
        ArgumentNullException.ThrowIfNull(y);
        foreach (var t in ticks)
        {
            var at = y(t);
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{N(left)}\" x2=\"{N(right)}\" y1=\"{N(at)}\" y2=\"{N(at)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick y\" x=\"{N(left - 6)}\" y=\"{N(at + 4)}\">{Esc(Axis(t, format))}</text>");
        }
    }

    public static string Axis(double v, AxisFormat format) => format switch
    {
        AxisFormat.Milliseconds => v >= 1000 ? (v / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " s" : v.ToString("0", CultureInfo.InvariantCulture) + " ms",
        AxisFormat.Compact => Fmt.Compact(v),
        AxisFormat.Percent => (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%",
        _ => v.ToString("#,0.##", CultureInfo.InvariantCulture),
    };
}
