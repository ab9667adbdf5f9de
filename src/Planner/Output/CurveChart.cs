using LoadTest.Planner.Requirements;
using ScottPlot;

namespace LoadTest.Planner.Output;

/// <summary>
/// The throttling-curve chart: throttle rate (%) against the load multiplier, one line per model,
/// the 1 % line, the planned peak, and the run's measured point(s) when built from a run.
/// </summary>
public static class CurveChart
{
    public const int Width = 900;
    public const int Height = 540;

    /// <summary>Writes <paramref name="pngPath"/> and <paramref name="svgPath"/>; returns false when no model has a curve.</summary>
    public static bool Save(PlanResult plan, string pngPath, string svgPath)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var curves = plan.Models.Where(m => m.Curve is { Points.Count: > 0 }).ToList();
        if (curves.Count == 0)
        {
            return false;
        }

        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < curves.Count; i++)
        {
            var m = curves[i];
            var color = palette.GetColor(i);
            var points = m.Curve!.Points.OrderBy(p => p.Multiplier).ToArray();
            var line = plot.Add.Scatter(points.Select(p => p.Multiplier).ToArray(), points.Select(p => p.ThrottleRate * 100).ToArray());
            line.Color = color;
            line.LegendText = $"{m.Id} (simulated, sustained {plan.EpisodeMinutes:0.#} min)";
            if (m.Curve.Measured is { } measured)
            {
                // The run was short and started with full buckets, so its own prediction sits
                // below the sustained curve; show both next to the measurement.
                var predicted = plot.Add.Marker(measured.Multiplier, measured.PredictedThrottleRate * 100);
                predicted.Color = color;
                predicted.MarkerShape = MarkerShape.OpenCircle;
                predicted.MarkerSize = 14;
                predicted.LegendText = measured.ReplayedArrivals
                    ? $"{m.Id} predicted replaying the run's {measured.DurationSeconds:0} s ({measured.PredictedThrottleRate * 100:0.#} %)"
                    : $"{m.Id} predicted for the run's {measured.DurationSeconds:0} s ({measured.PredictedThrottleRate * 100:0.#} %)";

                var marker = plot.Add.Marker(measured.Multiplier, measured.MeasuredThrottleRate * 100);
                marker.Color = color;
                marker.MarkerShape = MarkerShape.FilledDiamond;
                marker.MarkerSize = 14;
                marker.LegendText = $"{m.Id} measured ({measured.MeasuredThrottleRate * 100:0.#} %)";

                // Each phase of the run at its own rate: short phases sit below the sustained
                // curve when the bucket came into them full, above it when earlier load drained it.
                if (measured.Phases.Count > 0)
                {
                    var phases = plot.Add.ScatterPoints(
                        measured.Phases.Select(p => p.OfferedRpm / m.BaselineRpm).ToArray(),
                        measured.Phases.Select(p => p.MeasuredThrottleRate * 100).ToArray());
                    phases.Color = color;
                    phases.MarkerShape = MarkerShape.FilledSquare;
                    phases.MarkerSize = 8;
                    phases.LegendText = $"{m.Id} measured per phase ({measured.Phases.Count} phases)";
                }
            }
        }

        var onePct = plot.Add.HorizontalLine(1);
        onePct.LinePattern = LinePattern.Dashed;
        onePct.Color = Colors.Red;
        onePct.LegendText = "1 % throttled";

        var peak = plan.PeakMultiplier * plan.Growth;
        if (peak > 1)
        {
            var peakLine = plot.Add.VerticalLine(peak);
            peakLine.LinePattern = LinePattern.Dotted;
            peakLine.Color = Colors.Gray;
            peakLine.LegendText = $"planned peak {peak:0.##}x";
        }

        plot.Title("Throttle rate vs offered load (current quotas)");
        plot.XLabel("offered load (x baseline RPM)");
        plot.YLabel("requests throttled (%)");
        plot.Axes.SetLimitsY(0, Math.Max(5, curves.Max(m => m.Curve!.Points.Max(p => p.ThrottleRate)) * 105));
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(pngPath, Width, Height);
        plot.SaveSvg(svgPath, Width, Height);
        return true;
    }
}
