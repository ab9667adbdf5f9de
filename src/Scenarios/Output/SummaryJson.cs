using System.Text.Json;
using System.Text.Json.Serialization;
using LoadTest.Scenarios.Results;

namespace LoadTest.Scenarios.Output;

/// <summary>summary.json: the <see cref="RunSummary"/> in camelCase, indented.</summary>
public static class SummaryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(RunSummary summary) => JsonSerializer.Serialize(summary, Options);

    public static void Write(string path, RunSummary summary) => AtomicFile.Write(path, Serialize(summary) + "\n");

    public static RunSummary Read(string path)
        => JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path}: empty summary");
}
