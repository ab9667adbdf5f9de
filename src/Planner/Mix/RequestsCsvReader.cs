using System.Globalization;
using CsvHelper;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Scenarios.Output;

namespace LoadTest.Planner.Mix;

/// <summary>
/// Reads a run's requests.csv (the shared camelCase header; columns are found by name, so extra
/// or reordered columns are fine). A missing column or a malformed number is reported with the
/// file and line, as a <see cref="ConfigException"/>.
/// </summary>
public static class RequestsCsvReader
{
    private static readonly string[] RequiredColumns =
    [
        "scheduledMs", "startedMs", "endedMs", "workload", "model", "outcome", "attempts", "throttledAttempts",
        "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "maxTokens",
    ];

    public static IReadOnlyList<RequestSample> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found (a results directory holds requests.csv)");
        }

        using var text = File.OpenText(path);
        return Read(text, path);
    }

    public static IReadOnlyList<RequestSample> Read(TextReader text, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = name ?? ResultsDirectory.RequestsFile;
        using var csv = CsvReader.Create(text, null, leaveOpen: true);
        csv.ReadHeader();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in RequiredColumns)
        {
            if (!csv.TryGetFieldIndex(column, out var i))
            {
                throw new ConfigException(file, 1, 1, $"requests.csv has no '{column}' column");
            }

            index[column] = i;
        }

        int? phaseColumn = csv.TryGetFieldIndex("phase", out var pc) ? pc : null;
        int? errorColumn = csv.TryGetFieldIndex("errorCode", out var ec) ? ec : null;

        var rows = new List<RequestSample>();
        while (csv.Read())
        {
            var line = rows.Count + 2;
            try
            {
                rows.Add(new RequestSample
                {
                    ScheduledMs = Number(csv, index["scheduledMs"]) ?? 0,
                    StartedMs = Number(csv, index["startedMs"]),
                    EndedMs = Number(csv, index["endedMs"]),
                    Workload = csv.GetString(index["workload"]) ?? "",
                    Model = csv.GetString(index["model"]) ?? "",
                    Outcome = csv.GetString(index["outcome"]) ?? "",
                    Attempts = (int)(Number(csv, index["attempts"]) ?? 0),
                    ThrottledAttempts = (int)(Number(csv, index["throttledAttempts"]) ?? 0),
                    InputTokens = (long)(Number(csv, index["inputTokens"]) ?? 0),
                    OutputTokens = (long)(Number(csv, index["outputTokens"]) ?? 0),
                    CacheReadTokens = (long)(Number(csv, index["cacheReadTokens"]) ?? 0),
                    CacheWriteTokens = (long)(Number(csv, index["cacheWriteTokens"]) ?? 0),
                    MaxTokens = (long)(Number(csv, index["maxTokens"]) ?? 0),
                    Phase = phaseColumn is { } phase ? (int)(Number(csv, phase) ?? 0) : 0,
                    ErrorCode = errorColumn is { } error && csv.GetString(error) is { Length: > 0 } code ? code : null,
                });
            }
            catch (FormatException e)
            {
                throw new ConfigException(file, line, 1, "malformed requests.csv row: " + e.Message);
            }
        }

        return rows;
    }

    private static double? Number(CsvReader csv, int field)
    {
        if (csv.IsEmpty(field))
        {
            return null;
        }

        var s = csv.GetString(field);
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"'{s}' in column {field + 1} is not a number");
    }
}
