using LoadTest.Core;
using LoadTest.Results;

namespace LoadTest.Planner;

/// <summary>
/// What the planner takes from a results directory, read through the result codec: the
/// per-request rows and, when the folder has a summary, its scenario, duration, retry settings,
/// configured model limits and phases.
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
    public IReadOnlyDictionary<string, ModelLimits> ModelLimits { get; init; } = new Dictionary<string, ModelLimits>();

    public IReadOnlyList<RequestRecord> Requests { get; init; } = [];

    /// <summary>The summary's phases that lasted (empty without a summary).</summary>
    public IReadOnlyList<PhaseWindow> Phases { get; init; } = [];

    public static RunResults Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var folder = ResultsDirectory.Existing(directory);
        var requests = folder.ReadRequests().ToList();
        var summary = folder.HasSummary ? folder.ReadSummary() : null;
        var duration = summary?.DurationSeconds ?? 0;
        if (duration <= 0)
        {
            // No summary (or no duration): the span of the schedule, plus one mean gap at the end.
            duration = SpanSeconds(requests);
        }

        return new RunResults
        {
            Directory = directory,
            Scenario = summary?.Scenario,
            DurationSeconds = duration,
            RetryMode = summary?.Settings.RetryMode is { Length: > 0 } mode ? mode : null,
            MaxAttempts = summary?.Settings.MaxAttempts is >= 1 and var attempts ? attempts : null,
            ModelLimits = summary?.Settings.Models ?? new Dictionary<string, ModelLimits>(),
            Requests = requests,
            Phases = summary?.Phases.Where(p => p.EndSeconds > p.StartSeconds).ToList() ?? [],
        };
    }

    private static double SpanSeconds(IReadOnlyList<RequestRecord> requests)
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
}
