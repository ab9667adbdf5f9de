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

    /// <summary>settings.fastFail: adaptive retry refused at once when the limiter had no capacity.</summary>
    public bool FastFail { get; init; }

    /// <summary>settings.sdk as written (dotnet, botocore, js-v3, java-v2), null when absent (runs from before retry profiles: dotnet).</summary>
    public string? Sdk { get; init; }

    /// <summary>settings.retryRules as written (legacy, 2026), null when absent (= 2026).</summary>
    public string? RetryRules { get; init; }

    /// <summary>harness.timerTickMs: the step of the run host's coarse clock, on which the .NET SDK's limiter waits woke; null when not measured.</summary>
    public double? TimerTickMs { get; init; }

    /// <summary>The Region the run called from (its summary's settings); null without a summary.</summary>
    public string? SourceRegion { get; init; }

    /// <summary>settings.models: the limits each model ran with.</summary>
    public IReadOnlyDictionary<string, ModelLimits> ModelLimits { get; init; } = new Dictionary<string, ModelLimits>();

    public IReadOnlyList<RequestRecord> Requests { get; init; } = [];

    /// <summary>The summary's phases that lasted (empty without a summary).</summary>
    public IReadOnlyList<PhaseWindow> Phases { get; init; } = [];

    /// <summary>
    /// Why the rows are a partial run's (<see cref="RunSummary.IsPartial"/>, or a torn last row) and
    /// which window of load <see cref="DurationSeconds"/> covers; null for a whole run.
    /// </summary>
    public string? Partial { get; init; }

    public static RunResults Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var folder = ResultsDirectory.Existing(directory);
        TornRow? torn = null;
        var coverage = new RowCoverage();
        var requests = folder.ReadRequests(t => torn = t).Select(r =>
        {
            coverage.Add(r);
            return r;
        }).ToList();
        var summary = folder.HasSummary ? folder.ReadSummary() : null;
        var phases = summary?.Phases;
        var duration = summary?.DurationSeconds ?? 0;
        string? partial = null;
        if (summary is { IsPartial: true })
        {
            // The load window, not the drain after it (a cancelled run drains for seconds) and not
            // a snapshot's (a killed run's rows go on past its last snapshot).
            var snapshot = summary.IsSnapshot;
            duration = snapshot ? coverage.LoadSeconds(summary) : summary.LoadSeconds;
            phases = snapshot ? coverage.Phases(summary) : summary.Phases;
            var why = snapshot ? "it was killed while running" : $"it stopped early ({summary.StopReason ?? "did not complete"})";
            partial = $"the rates are from a partial run: {why}; they cover the first {Window(duration)} of load ({requests.Count} requests), not the whole scenario";
        }

        if (duration <= 0)
        {
            // No summary (or no duration): the span of the schedule, plus one mean gap at the end.
            duration = SpanSeconds(requests);
        }

        if (torn is not null)
        {
            partial = (partial ?? $"the rates are from a partial run: they cover the first {Window(duration)} of load ({requests.Count} requests)")
                + $"; the torn last row of {ResultsDirectory.RequestsFile} (line {torn.Line}) was left out";
        }

        return new RunResults
        {
            Directory = directory,
            Scenario = summary?.Scenario,
            DurationSeconds = duration,
            RetryMode = summary?.Settings.RetryMode is { Length: > 0 } mode ? mode : null,
            MaxAttempts = summary?.Settings.MaxAttempts is >= 1 and var attempts ? attempts : null,
            FastFail = summary?.Settings.FastFail ?? false,
            Sdk = summary?.Settings.Sdk is { Length: > 0 } sdk ? sdk : null,
            RetryRules = summary?.Settings.RetryRules is { Length: > 0 } rules ? rules : null,
            TimerTickMs = summary?.Harness?.TimerTickMs is > 0 and var tick ? tick : null,
            SourceRegion = summary?.Settings.Region is { Length: > 0 } region ? region : null,
            ModelLimits = summary?.Settings.Models ?? new Dictionary<string, ModelLimits>(),
            Requests = requests,
            Phases = phases?.Where(p => p.EndSeconds > p.StartSeconds).ToList() ?? [],
            Partial = partial,
        };
    }

    private static string Window(double seconds) => seconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";

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
