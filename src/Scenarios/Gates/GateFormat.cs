using System.Globalization;

namespace LoadTest.Scenarios.Gates;

/// <summary>Canonical gate values (ms, fractions, counts) in the unit a gate was written in.</summary>
public static class GateFormat
{
    public static double ToUnit(double canonical, GateUnit unit) => unit switch
    {
        GateUnit.Seconds => canonical / 1000,
        GateUnit.Percent => canonical * 100,
        _ => canonical,
    };

    /// <summary>"2.41 s", "850 ms", "1.5%", "12".</summary>
    public static string Text(double canonical, GateUnit unit)
    {
        var v = ToUnit(canonical, unit);
        var digits = Math.Abs(v) >= 100 ? 0 : Math.Abs(v) >= 10 ? 1 : Math.Abs(v) >= 1 || v == 0 ? 2 : 3;
        var number = Math.Round(v, digits).ToString("0.###", CultureInfo.InvariantCulture);
        return unit switch
        {
            GateUnit.Milliseconds => number + " ms",
            GateUnit.Seconds => number + " s",
            GateUnit.Percent => number + "%",
            _ => number,
        };
    }

    public static string Symbol(GateComparison comparison) => comparison switch
    {
        GateComparison.Less => "<",
        GateComparison.LessOrEqual => "<=",
        GateComparison.Greater => ">",
        GateComparison.GreaterOrEqual => ">=",
        GateComparison.Equal => "==",
        _ => "!=",
    };
}
