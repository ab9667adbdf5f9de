using System.Globalization;
using LoadTest.Planner.Requirements;

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

    /// <summary>A day's average/peak ratio: small for a spiky recorded day, so more digits than <see cref="G"/>.</summary>
    public static string Ratio(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Minute(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An import's records in words: "1,234 invocation log records, 2026-11-03 10:00 UTC to 2026-11-03 11:30 UTC".</summary>
    public static string Recorded(RecordedSpan span)
        => $"{N(span.Records)} invocation log records" + (span.First is { } f && span.Last is { } l ? $", {Minute(f)} to {Minute(l)}" : "");

    /// <summary>Says that the busiest day was only partly recorded (null when the records cover all of it).</summary>
    public static string? PartDayNote(RecordedPeak rec)
        => rec.BusiestDayHoursRecorded < 24
            ? $"the records cover {G(rec.BusiestDayHoursRecorded)} h of {Day(rec.BusiestDay)}: its tokens per day count only those hours (import a whole day for a whole day's TPD)"
            : null;

    public static string Signed(long? v) => v switch
    {
        null => "unknown",
        > 0 => "+" + N(v.Value),
        _ => N(v.Value),
    };
}
