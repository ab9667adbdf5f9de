using System.Globalization;
using System.Text.Json;

namespace LoadTest.Import;

/// <summary>Small typed reads of optional JSON properties, shared by the readers.</summary>
internal static class Json
{
    public static string? String(JsonElement parent, string name)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long? Long(JsonElement parent, string name)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    public static DateTimeOffset? Time(JsonElement parent, string name)
        => String(parent, name) is { } text && TryTime(text, out var time) ? time : null;

    public static bool TryTime(string text, out DateTimeOffset time)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
        time = time.ToUniversalTime();
        return ok;
    }

    public static IReadOnlyDictionary<string, string> StringMap(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return EmptyMap;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                map[property.Name] = property.Value.GetString()!;
            }
        }

        return map;
    }

    /// <summary>The map of a record without requestMetadata: one shared instance, read-only by type.</summary>
    public static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>(StringComparer.Ordinal);
}
