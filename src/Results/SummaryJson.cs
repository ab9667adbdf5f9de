using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoadTest.Core;

namespace LoadTest.Results;

/// <summary>
/// The run's summary file (<see cref="ResultsDirectory.SummaryFile"/>): the <see cref="RunSummary"/>
/// in camelCase, indented, non-ASCII kept readable. Its <c>schemaVersion</c> is checked before
/// anything else is read (<see cref="ResultSchema"/>): newer, unknown or missing is refused with
/// a <see cref="ConfigException"/> naming the file and the version; older known versions are read.
/// </summary>
public static class SummaryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(RunSummary summary) => JsonSerializer.Serialize(summary, Options);

    public static void Write(string path, RunSummary summary) => AtomicFile.Write(path, Serialize(summary) + "\n");

    public static RunSummary Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a summary's text; <paramref name="name"/> is the file named in errors.</summary>
    public static RunSummary Parse(string json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigException(name, 1, 1, "not a run summary: expected a JSON object");
            }

            if (!root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v))
            {
                throw new ConfigException(name, 1, 1, "no schemaVersion: not a run summary written by loadtest, so its fields cannot be trusted");
            }

            if (v > ResultSchema.Current || v < ResultSchema.Oldest)
            {
                throw new ConfigException(name, 1, 1, $"schemaVersion {v} is not one this build reads ({ResultSchema.Oldest} to {ResultSchema.Current}); it was written by a newer or different build of loadtest");
            }

            return root.Deserialize<RunSummary>(Options) ?? throw new ConfigException(name, 1, 1, "empty summary");
        }
        catch (JsonException e)
        {
            throw new ConfigException(name, (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, "not a valid run summary: " + e.Message);
        }
    }
}
