using LoadTest.Core;
using System.Globalization;

namespace LoadTest.Config;

/// <summary>
/// Parses durations the way scenarios.yaml writes them: a number and a unit (us, ms, s, m, h, d),
/// such as 250ms, 30s, 2m, 1.5h. A bare number is refused (`during: 5` could mean seconds or
/// minutes), except 0, which is zero in every unit. The one duration parser of the config.
/// </summary>
public static class DurationText
{
    /// <summary>A year: longer than any load test, and far inside what a TimeSpan holds.</summary>
    public const double MaxSeconds = 366 * 86400;

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("us", 0.000001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];
        foreach (var (suffix, seconds) in units)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(s[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && n >= 0 && double.IsFinite(n) && n * seconds <= MaxSeconds)
            {
                value = TimeSpan.FromSeconds(n * seconds);
                return true;
            }
        }

        return s == "0";
    }

    /// <summary>What a duration looks like, for error messages; for a bare number, the same number with a unit.</summary>
    public static string Expected(string? text)
    {
        var example = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n > 0
            ? $" (for {text} seconds write {text}s)"
            : "";
        return $"a duration with a unit such as 250ms, 30s, 2m or 1h{example}";
    }

    public static string Format(TimeSpan value)
    {
        if (value.TotalMilliseconds < 1000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0.###}ms");
        }

        return value.TotalSeconds < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###}s")
            : string.Create(CultureInfo.InvariantCulture, $"{value.TotalMinutes:0.###}m");
    }
}
