using System.Globalization;

namespace LoadTest.Planner.Output;

/// <summary>Number formatting for people: invariant culture, thousands separators.</summary>
internal static class Fmt
{
    public static string N(long v) => v.ToString("#,0", CultureInfo.InvariantCulture);

    public static string N(long? v) => v is { } x ? N(x) : "unknown";

    public static string N(double v, int decimals = 0) => v.ToString(decimals == 0 ? "#,0" : "#,0." + new string('#', decimals), CultureInfo.InvariantCulture);

    public static string Usd(decimal v) => v.ToString("$#,0.00", CultureInfo.InvariantCulture);

    public static string Pct(double share, int decimals = 2) => (share * 100).ToString("0." + new string('0', decimals), CultureInfo.InvariantCulture) + " %";

    public static string X(double multiplier) => multiplier.ToString("0.##", CultureInfo.InvariantCulture) + "x";

    public static string G(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Signed(long? v) => v switch
    {
        null => "unknown",
        > 0 => "+" + N(v.Value),
        _ => N(v.Value),
    };
}
