using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LoadTest.Reports.Charts;

/// <summary>
/// A per-second line chart as inline SVG: phase bands, reference lines, and data for the page's
/// hover read-out (data-hover JSON), so the report needs no chart library and no network.
/// </summary>
internal sealed class TimeChart(string id, string ariaLabel, AxisFormat format, double width = 600)
{
    private readonly double chartWidth = width;
    private const double Height = 280;
    private const double Left = 66;
    private const double Right = 14;
    private const double Top = 26;
    private const double Bottom = 30;

    private readonly List<ChartSeries> series = [];
    private readonly List<ChartRule> rules = [];
    private readonly List<ChartBand> bands = [];
    private readonly List<ChartBand> saturated = [];

    public IReadOnlyList<ChartSeries> Series => series;

    public IReadOnlyList<ChartRule> Rules => rules;

    public TimeChart Add(ChartSeries s)
    {
        series.Add(s);
        return this;
    }

    public TimeChart Rule(ChartRule r)
    {
        rules.Add(r);
        return this;
    }

    public TimeChart Bands(IEnumerable<ChartBand> b)
    {
        bands.AddRange(b);
        return this;
    }

    /// <summary>Periods in which the harness was saturated, shaded red over the phases.</summary>
    public TimeChart Saturated(IEnumerable<ChartBand> periods)
    {
        saturated.AddRange(periods);
        return this;
    }

    public string Render()
    {
        var points = series.Count == 0 ? 0 : series.Max(s => s.Values.Count);
        var xMax = Math.Max(1, Math.Max(points, bands.Count == 0 ? 0 : bands.Max(b => b.ToSeconds)));
        var yData = series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var yRules = rules.Select(r => r.Value).DefaultIfEmpty(0).Max();
        var (yTop, ticks) = Svg.NiceTicks(Math.Max(yData, yRules) * 1.05);
        var plotW = chartWidth - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(double s) => Left + s / xMax * plotW;
        double Y(double v) => Top + plotH - Math.Clamp(v / yTop, 0, 1.02) * plotH;

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart time-chart\" viewBox=\"0 0 {chartWidth} {Height}\" role=\"img\" aria-label=\"{Svg.Esc(ariaLabel)}\" data-left=\"{Left}\" data-width=\"{plotW}\" data-top=\"{Top}\" data-height=\"{plotH}\" data-xmax=\"{Svg.N(xMax)}\" data-hover=\"{Svg.Esc(HoverJson())}\">");

        // Phase bands first, so lines draw over them; alternate shading keeps neighbours apart.
        for (var i = 0; i < bands.Count; i++)
        {
            var b = bands[i];
            var x0 = X(b.FromSeconds);
            var x1 = X(Math.Min(b.ToSeconds, xMax));
            if (x1 <= x0)
            {
                continue;
            }

            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"band{(i % 2 == 0 ? "" : " alt")}\" x=\"{Svg.N(x0)}\" y=\"{Top}\" width=\"{Svg.N(x1 - x0)}\" height=\"{plotH}\"><title>{Svg.Esc(b.Label)}</title></rect>");
            if (i > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<line class=\"phase-edge\" x1=\"{Svg.N(x0)}\" x2=\"{Svg.N(x0)}\" y1=\"{Top - 4}\" y2=\"{Top + plotH}\"/>");
            }

            // Labels only where they fit; the table under the charts names every phase.
            if (x1 - x0 > 34)
            {
                var label = b.Label.Length * 6.2 > x1 - x0 - 6 ? b.Label[..Math.Max(1, (int)((x1 - x0 - 10) / 6.2))] + "…" : b.Label;
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"band-label\" x=\"{Svg.N(x0 + 4)}\" y=\"{Top - 8}\">{Svg.Esc(label)}</text>");
            }
        }

        foreach (var p in saturated)
        {
            var x0 = X(Math.Max(0, p.FromSeconds));
            var x1 = X(Math.Min(p.ToSeconds, xMax));
            if (x1 > x0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"saturated\" x=\"{Svg.N(x0)}\" y=\"{Top}\" width=\"{Svg.N(x1 - x0)}\" height=\"{plotH}\"><title>{Svg.Esc(p.Label)}</title></rect>");
            }
        }

        Svg.YGrid(sb, ticks, Y, Left, chartWidth - Right, format);

        var step = Svg.TimeStep(xMax);
        for (var s = 0; s <= xMax; s += step)
        {
            var x = X(s);
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"tick-mark\" x1=\"{Svg.N(x)}\" x2=\"{Svg.N(x)}\" y1=\"{Top + plotH}\" y2=\"{Top + plotH + 4}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick x\" x=\"{Svg.N(x)}\" y=\"{Top + plotH + 18}\">{Fmt.Clock(s)}</text>");
        }

        foreach (var s in series)
        {
            var path = LinePath(s.Values, X, Y);
            if (path.Length == 0)
            {
                continue;
            }

            if (s.Fill)
            {
                foreach (var segment in Segments(s.Values))
                {
                    var area = new StringBuilder(LinePath(segment.Values, i => X(i + segment.Start), Y));
                    area.Append(CultureInfo.InvariantCulture, $"L{Svg.N(X(segment.Start + segment.Values.Count - 0.5))},{Svg.N(Y(0))}L{Svg.N(X(segment.Start + 0.5))},{Svg.N(Y(0))}Z");
                    sb.Append(CultureInfo.InvariantCulture, $"<path class=\"area\" d=\"{area}\" fill=\"{s.Color}\"/>");
                }
            }

            sb.Append(CultureInfo.InvariantCulture, $"<path class=\"series\" d=\"{path}\" stroke=\"{s.Color}\" stroke-width=\"{Svg.N(s.Width)}\"{(s.Dashed ? " stroke-dasharray=\"5 4\"" : "")}><title>{Svg.Esc(s.Name)}</title></path>");
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            var y = Y(r.Value);

            // Neighbouring rules (80 % and 70 % alarms) sit close together: alternate label sides.
            var labelX = i % 2 == 1 ? Left + 4 : chartWidth - Right - 4;
            var anchor = i % 2 == 1 ? " style=\"text-anchor:start\"" : "";
            sb.Append(CultureInfo.InvariantCulture, $"<line class=\"rule\" x1=\"{Left}\" x2=\"{chartWidth - Right}\" y1=\"{Svg.N(y)}\" y2=\"{Svg.N(y)}\" stroke=\"{r.Color}\"{(r.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"rule-label\" x=\"{Svg.N(labelX)}\" y=\"{Svg.N(y - 5)}\" fill=\"{r.Color}\"{anchor}>{Svg.Esc(r.Label)}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{chartWidth - Right}\" y1=\"{Top + plotH}\" y2=\"{Top + plotH}\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"crosshair\" x1=\"0\" x2=\"0\" y1=\"{Top}\" y2=\"{Top + plotH}\" visibility=\"hidden\"/>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The HTML legend above the chart (crisper than SVG text and it wraps).</summary>
    public string Legend()
    {
        var sb = new StringBuilder("<div class=\"legend\">");
        foreach (var s in series)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<span><i style=\"background:{s.Color}\"{(s.Dashed ? " class=\"dashed\"" : "")}></i>{Svg.Esc(s.Name)}</span>");
        }

        if (saturated.Count > 0)
        {
            sb.Append("<span><i class=\"saturated\" style=\"background:#dc2626;opacity:.35;height:9px\"></i>harness saturated</span>");
        }

        foreach (var r in rules)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<span><i class=\"rule{(r.Dashed ? " dashed" : "")}\" style=\"background:{r.Color}\"></i>{Svg.Esc(r.Label)}</span>");
        }

        return sb.Append("</div>").ToString();
    }

    private string HoverJson()
    {
        var payload = new
        {
            format = format.ToString().ToLowerInvariant(),
            series = series.Select(s => new
            {
                name = s.Name,
                color = s.Color,
                values = s.Values.Select(v => double.IsFinite(v) ? Math.Round(v, 1) : (double?)null).ToArray(),
            }),
        };
        return JsonSerializer.Serialize(payload);
    }

    private static string LinePath(IReadOnlyList<double> values, Func<double, double> x, Func<double, double> y)
    {
        // Each value covers [s, s+1): plot it at the middle of its second.
        var sb = new StringBuilder();
        var pen = false;
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                pen = false;
                continue;
            }

            sb.Append(pen ? 'L' : 'M').Append(Svg.N(x(i + 0.5))).Append(',').Append(Svg.N(y(values[i])));
            pen = true;
        }

        return sb.ToString();
    }

    private static IEnumerable<(int Start, List<double> Values)> Segments(IReadOnlyList<double> values)
    {
        var start = -1;
        var current = new List<double>();
        for (var i = 0; i <= values.Count; i++)
        {
            if (i < values.Count && double.IsFinite(values[i]))
            {
                if (start < 0)
                {
                    start = i;
                }

                current.Add(values[i]);
            }
            else if (start >= 0)
            {
                yield return (start, current);
                start = -1;
                current = [];
            }
        }
    }
}
