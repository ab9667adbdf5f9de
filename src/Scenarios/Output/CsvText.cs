using System.Globalization;

namespace LoadTest.Scenarios.Output;

/// <summary>RFC 4180 fields: quoted only when they hold a comma, quote or line break; numbers in invariant culture.</summary>
public static class CsvText
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    public static string Field(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "";

    public static string Field(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";
}
