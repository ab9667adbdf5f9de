using System.Globalization;
using LoadTest.Results;

namespace LoadTest.Scenarios.Gates;

/// <summary>
/// Decides gates against measured values. The same code serves a finished run (its summary,
/// `loadtest gate`) and the engine's live aggregates (abortOnFail). A gate whose value cannot be
/// measured fails, so a gate never passes by accident.
/// </summary>
public static class GateEvaluator
{
    public static IReadOnlyList<GateResult> Evaluate(IEnumerable<Gate> gates, RunSummary run, RunSummary? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(run);
        var actual = new RunSummaryMetrics(run);
        var before = baseline is null ? null : new RunSummaryMetrics(baseline);
        return gates.Select(g => Evaluate(g, actual, before)).ToList();
    }

    public static GateResult Evaluate(Gate gate, IGateMetrics run, IGateMetrics? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(run);
        var unit = gate.Unit;
        double? baselineValue = null;
        var thresholdText = "";
        if (gate.NeedsBaseline)
        {
            if (baseline is null)
            {
                return Failed(gate, null, 0, "needs a baseline run (--baseline DIR)");
            }

            if (!baseline.TryGetValue(gate.Metric, gate.Scope, out var b, out var whyNot))
            {
                return Failed(gate, null, 0, "baseline: " + whyNot);
            }

            baselineValue = b;
            thresholdText = DescribeBaseline(gate, b);
        }

        var threshold = gate.Threshold.Resolve(baselineValue);
        if (!run.TryGetValue(gate.Metric, gate.Scope, out var value, out var reason))
        {
            return Failed(gate, null, GateFormat.ToUnit(threshold, unit), reason);
        }

        var passed = Compare(value, gate.Comparison, threshold);
        var relation = passed ? GateFormat.Symbol(gate.Comparison) : "is not " + GateFormat.Symbol(gate.Comparison);
        var message = $"{gate.Metric}{gate.Scope} = {GateFormat.Text(value, unit)}, {relation} {GateFormat.Text(threshold, unit)}{thresholdText}";
        return new GateResult
        {
            Expression = gate.Expression,
            Actual = GateFormat.ToUnit(value, unit),
            Threshold = GateFormat.ToUnit(threshold, unit),
            Passed = passed,
            Message = message,
        };
    }

    public static bool Compare(double actual, GateComparison comparison, double threshold)
    {
        // Values arrive through JSON and unit conversions; equality allows for rounding noise.
        var equal = Math.Abs(actual - threshold) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(actual), Math.Abs(threshold)));
        return comparison switch
        {
            GateComparison.Less => actual < threshold && !equal,
            GateComparison.LessOrEqual => actual < threshold || equal,
            GateComparison.Greater => actual > threshold && !equal,
            GateComparison.GreaterOrEqual => actual > threshold || equal,
            GateComparison.Equal => equal,
            _ => !equal,
        };
    }

    private static string DescribeBaseline(Gate gate, double baseline)
    {
        var t = gate.Threshold;
        var text = " (baseline " + GateFormat.Text(baseline, gate.Unit);
        if (t.Factor != 1)
        {
            text += " × " + t.Factor.ToString("0.###", CultureInfo.InvariantCulture);
        }

        if (t.Offset != 0)
        {
            text += (t.Offset > 0 ? " + " : " - ") + GateFormat.Text(Math.Abs(t.Offset), gate.Unit);
        }

        return text + ")";
    }

    private static GateResult Failed(Gate gate, double? actual, double threshold, string reason) => new()
    {
        Expression = gate.Expression,
        Actual = actual,
        Threshold = threshold,
        Passed = false,
        Message = $"{gate.Metric}{gate.Scope}: {reason}",
    };
}
