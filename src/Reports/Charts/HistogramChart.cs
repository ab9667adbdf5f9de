using System.Globalization;
using System.Text;
using LoadTest.Results;

namespace LoadTest.Reports.Charts;

/// <summary>
/// A latency histogram as inline SVG: one bar per bin, equal widths (bins may be logarithmic),
/// with percentile markers so the tail is visible next to the body.
/// </summary>
internal sealed class HistogramChart(string id, string ariaLabel, string color)
{
    private const double Width = 600;
    private const double Height = 250;
    private const double Left = 56;
    private const double Right = 14;
    private const double Top = 22;
    private const double Bottom = 34;
    private const int MaxBars = 48;

    public string Render(IReadOnlyList<HistogramBin> bins, IReadOnlyList<(string Label, double Ms)> markers)
    {
        var bars = Merge(bins.Where(b => b.Count >= 0).OrderBy(b => b.From).ToList());
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart histogram\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Svg.Esc(ariaLabel)}\">");
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        if (bars.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{Width / 2}\" y=\"{Height / 2}\">no samples</text></svg>");
            return sb.ToString();
        }

        var total = Math.Max(1, bars.Sum(b => b.Count));
        var (top, ticks) = Svg.NiceTicks(bars.Max(b => (double)b.Count) / total * 1.08);
        var slot = plotW / bars.Count;
        Svg.YGrid(sb, ticks, t => Top + plotH - t / top * plotH, Left, Width - Right, AxisFormat.Percent);

        var labelEvery = Math.Max(1, (int)Math.Ceiling(bars.Count / 8.0));
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var share = (double)b.Count / total;
            var h = share / top * plotH;
            var x = Left + i * slot;
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{Svg.N(x + 1)}\" y=\"{Svg.N(Top + plotH - h)}\" width=\"{Svg.N(Math.Max(1, slot - 2))}\" height=\"{Svg.N(Math.Max(h, b.Count > 0 ? 1 : 0))}\" fill=\"{color}\"><title>{Svg.Esc($"{Fmt.Ms(b.From)} – {Fmt.Ms(b.To)}: {Fmt.Int(b.Count)} requests ({Fmt.Pct(share)})")}</title></rect>");
            if (i % labelEvery == 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick x\" x=\"{Svg.N(x)}\" y=\"{Top + plotH + 16}\">{Svg.Esc(Svg.Axis(b.From, AxisFormat.Milliseconds))}</text>");
            }
        }

        // Percentile markers sit at their position inside the bar that holds them.
        var row = 0;
        foreach (var (label, ms) in markers)
        {
            var i = bars.FindIndex(b => ms < b.To);
            if (i < 0)
            {
                i = bars.Count - 1;
            }

            var b = bars[i];
            var within = b.To > b.From ? Math.Clamp((ms - b.From) / (b.To - b.From), 0, 1) : 0.5;
            var x = Left + (i + within) * slot;
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"marker\" x1=\"{Svg.N(x)}\" x2=\"{Svg.N(x)}\" y1=\"{Top}\" y2=\"{Top + plotH}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"marker-label\" x=\"{Svg.N(x + 3)}\" y=\"{Top + 10 + row * 12}\">{Svg.Esc(label + " " + Fmt.Ms(ms))}</text>");
            row = (row + 1) % 3;
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotH}\" y2=\"{Top + plotH}\"/></svg>");
        return sb.ToString();
    }

    /// <summary>Too many bins make hairline bars: merge neighbours until at most <see cref="MaxBars"/> remain; trim empty tails.</summary>
    internal static List<HistogramBin> Merge(List<HistogramBin> bins)
    {
        var first = bins.FindIndex(b => b.Count > 0);
        var last = bins.FindLastIndex(b => b.Count > 0);
        if (first < 0)
        {
            return [];
        }

        bins = bins.GetRange(first, last - first + 1);
        var group = (int)Math.Ceiling(bins.Count / (double)MaxBars);
        if (group <= 1)
        {
            return bins;
        }

        return bins.Chunk(group).Select(c => new HistogramBin(c[0].From, c[^1].To, c.Sum(b => b.Count))).ToList();
    }
}
