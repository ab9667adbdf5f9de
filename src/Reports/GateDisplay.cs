using LoadTest.Scenarios.Gates;

namespace LoadTest.Reports;

/// <summary>Shows a gate result's numbers with the unit its expression was written in.</summary>
internal static class GateDisplay
{
    public static string Value(string expression, double? value)
    {
        if (value is not { } v)
        {
            return "–";
        }

        GateUnit unit;
        try
        {
            unit = GateParser.Parse(expression).Unit;
        }
        catch (GateParseException)
        {
            return Fmt.Invariant(v);
        }

        var number = Math.Abs(v) >= 100 ? Fmt.Num(v, 0) : Fmt.Invariant(Math.Round(v, Math.Abs(v) >= 10 ? 1 : 3));
        return unit switch
        {
            GateUnit.Milliseconds => number + " ms",
            GateUnit.Seconds => number + " s",
            GateUnit.Percent => number + "%",
            _ => number,
        };
    }
}
