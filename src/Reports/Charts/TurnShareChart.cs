using System.Globalization;
using System.Text;
using LoadTest.Results;

namespace LoadTest.Reports.Charts;

/// <summary>
/// A share (0..1) per turn index of a session as inline SVG bars, e.g. the cache-read share of each
/// turn: how much of what a turn resends the prompt cache serves as the conversation grows.
/// </summary>
internal sealed class TurnShareChart(string id, string ariaLabel, string color)
{
    private const double Width = 600;
    private const double Height = 220;
    private const double Left = 56;
    private const double Right = 14;
    private const double Top = 18;
    private const double Bottom = 34;

    /// <summary>The widest a turn's bar slot gets, so two or three turns do not draw slabs.</summary>
    private const double MaxSlot = 44;

    public string Render(IReadOnlyList<TurnShare> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{Svg.Esc(id)}\" class=\"chart turn-share\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Svg.Esc(ariaLabel)}\">");
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        if (turns.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{Width / 2}\" y=\"{Height / 2}\">no turns</text></svg>");
            return sb.ToString();
        }

        // Shares are fractions: the axis always runs to 100 %, so charts of two workloads compare by eye.
        var (top, ticks) = Svg.NiceTicks(1);
        Svg.YGrid(sb, ticks, t => Top + plotH - t / top * plotH, Left, Width - Right, AxisFormat.Percent);

        var slot = Math.Min(MaxSlot, plotW / turns.Count);
        foreach (var (turn, i) in turns.Select((t, i) => (t, i)))
        {
            var h = Math.Clamp(turn.Share, 0, 1) / top * plotH;
            var x = Left + i * slot;
            var label = FeatureText.TurnLabel(turn.Turn);
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{Svg.N(x + 2)}\" y=\"{Svg.N(Top + plotH - h)}\" width=\"{Svg.N(Math.Max(1, slot - 4))}\" height=\"{Svg.N(Math.Max(h, 1))}\" fill=\"{color}\"><title>{Svg.Esc($"turn {label}: {Fmt.Pct(turn.Share)} of input tokens read from cache ({Fmt.Int(turn.Requests)} requests)")}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick x\" x=\"{Svg.N(x + slot / 2)}\" y=\"{Top + plotH + 16}\">{Svg.Esc(label)}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text class=\"tick x\" x=\"{Svg.N(Left + (slot * turns.Count / 2))}\" y=\"{Height - 2}\">turn</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotH}\" y2=\"{Top + plotH}\"/></svg>");
        return sb.ToString();
    }
}
