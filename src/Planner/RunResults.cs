using System.Text.Json;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Planner.Mix;
using LoadTest.Scenarios.Output;

namespace LoadTest.Planner;

/// <summary>
/// What the planner reads from a results directory: requests.csv rows and a few fields of
/// summary.json (scenario, duration, retry settings, configured model limits). It reads the files,
/// not the engine's types, so the planner does not depend on the engine.
/// </summary>
public sealed record RunResults
{
    public required string Directory { get; init; }

    public string? Scenario { get; init; }

    public double DurationSeconds { get; init; }

    /// <summary>settings.retryMode as written ("standard", "adaptive", "none"), null when absent.</summary>
    public string? RetryMode { get; init; }

    public int? MaxAttempts { get; init; }

    /// <summary>settings.models: the limits each model ran with.</summary>
    public IReadOnlyDictionary<string, RunModelLimits> ModelLimits { get; init; } = new Dictionary<string, RunModelLimits>();

    public IReadOnlyList<RequestSample> Requests { get; init; } = [];

    /// <summary>summary.json's phases (empty when absent).</summary>
    public IReadOnlyList<RunPhase> Phases { get; init; } = [];

    public static RunResults Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new ConfigException($"{directory}: no such results directory");
        }

        var files = new ResultsDirectory(directory);
        var requests = RequestsCsvReader.ReadFile(files.Requests);
        var summaryPath = files.Summary;
        string? scenario = null, retryMode = null;
        int? maxAttempts = null;
        double duration = 0;
        var limits = new Dictionary<string, RunModelLimits>(StringComparer.Ordinal);
        var phases = new List<RunPhase>();
        if (File.Exists(summaryPath))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
                var root = doc.RootElement;
                scenario = String(root, "scenario");
                duration = Number(root, "durationSeconds") ?? 0;
                if (root.TryGetProperty("phases", out var phaseList) && phaseList.ValueKind == JsonValueKind.Array)
                {
                    foreach (var ph in phaseList.EnumerateArray().Where(ph => ph.ValueKind == JsonValueKind.Object))
                    {
                        if (Number(ph, "index") is { } index && Number(ph, "startSeconds") is { } start && Number(ph, "endSeconds") is { } end && end > start)
                        {
                            phases.Add(new RunPhase((int)index, String(ph, "description") ?? String(ph, "kind") ?? "", start, end));
                        }
                    }
                }

                if (root.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object)
                {
                    retryMode = String(settings, "retryMode");
                    maxAttempts = Number(settings, "maxAttempts") is { } a and >= 1 ? (int)a : null;
                    if (settings.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var m in models.EnumerateObject())
                        {
                            limits[m.Name] = new RunModelLimits(
                                Long(m.Value, "tpm"), Long(m.Value, "rpm"), Long(m.Value, "tpd"), Number(m.Value, "burndown"));
                        }
                    }
                }
            }
            catch (JsonException e)
            {
                throw new ConfigException(summaryPath, (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, "invalid summary.json: " + e.Message);
            }
        }

        if (duration <= 0)
        {
            // No summary (or no duration): the span of the schedule, plus one mean gap at the end.
            duration = SpanSeconds(requests);
        }

        return new RunResults
        {
            Directory = directory,
            Scenario = scenario,
            DurationSeconds = duration,
            RetryMode = retryMode,
            MaxAttempts = maxAttempts,
            ModelLimits = limits,
            Requests = requests,
            Phases = phases,
        };
    }

    private static double SpanSeconds(IReadOnlyList<RequestSample> requests)
    {
        if (requests.Count < 2)
        {
            return requests.Count == 0 ? 0 : 1;
        }

        var first = requests.Min(r => r.ScheduledMs);
        var last = requests.Max(r => r.ScheduledMs);
        var span = (last - first) / 1000.0;
        return span <= 0 ? 1 : span * requests.Count / (requests.Count - 1);
    }

    private static string? String(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static double? Number(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static long? Long(JsonElement e, string name) => Number(e, name) is { } d ? (long)d : null;
}
