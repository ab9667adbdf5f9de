using LoadTest.Core;
using System.Globalization;

namespace LoadTest.Config;

/// <summary>Parses durations the way scenarios.yaml writes them: 250ms, 30s, 2m, 1h, 1.5s, or a bare number of seconds.</summary>
public static class DurationText
{
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
                && n >= 0 && double.IsFinite(n))
            {
                value = TimeSpan.FromSeconds(n * seconds);
                return true;
            }
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare) && bare >= 0 && double.IsFinite(bare))
        {
            value = TimeSpan.FromSeconds(bare);
            return true;
        }

        return false;
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
