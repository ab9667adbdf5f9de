using System.Globalization;
using LoadTest.Core;
using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Measurement;
using LoadTest.Results;

namespace LoadTest.Scenarios.Finishing;

/// <summary>
/// The result of a run that was killed while it went (kill -9, a crash, a lost machine), rebuilt
/// from what is on disk. Its summary file is the last snapshot (stopKind running, at most
/// <see cref="Engine.LoadRun.FlushEvery"/> old), while the per-request file holds every row flushed
/// since. The figures are recomputed from the rows by the recorder's own rules, so a reader never
/// takes them from a stale snapshot, and the table, the per-second series and the gates agree.
/// What rows cannot give (settings, phase names, the harness's readings, inter-token latency) comes
/// from the snapshot. The result stays partial (stopKind running); its stopReason says what it covers.
/// </summary>
public static class InterruptedRun
{
    /// <summary>The run's result rebuilt from <paramref name="folder"/>'s rows; <paramref name="snapshot"/> is its summary file.</summary>
    public static (RunSummary Summary, IReadOnlyList<TimeseriesRow> Timeseries) Rebuild(ResultsDirectory folder, RunSummary snapshot)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!folder.HasRequests)
        {
            var reason = $"killed while running, and it left no {ResultsDirectory.RequestsFile}: the figures are its last snapshot, at {Seconds(snapshot.DurationSeconds)}";
            return (snapshot with { StopReason = reason, Passed = false }, folder.ReadTimeseries() ?? []);
        }

        var recorder = new RunRecorder(Discard.Instance, snapshot.ProfileTags ?? new Dictionary<string, IReadOnlyDictionary<string, string>>());
        TornRow? torn = null;
        var spans = new List<(double Ms, int Change)>();
        var coverage = new RowCoverage();
        foreach (var r in folder.ReadRequests(t => torn = t))
        {
            coverage.Add(r);
            recorder.Offer(r.ScheduledMs);
            if (r.Outcome != Outcomes.Dropped && r.StartedMs is { } started)
            {
                spans.Add((started, 1));
                spans.Add((r.EndedMs ?? started, -1));
            }

            recorder.Complete(r);
        }

        // In flight at each start, as the engine counted it: ends before starts at the same instant.
        spans.Sort((a, b) => a.Ms != b.Ms ? a.Ms.CompareTo(b.Ms) : a.Change.CompareTo(b.Change));
        long inFlight = 0;
        foreach (var (ms, change) in spans)
        {
            inFlight += change;
            if (change > 0)
            {
                recorder.Start(ms, inFlight);
            }
        }

        var loadSeconds = coverage.LoadSeconds(snapshot);
        var phases = coverage.Phases(snapshot);
        var measured = recorder.BuildSummary(new SummaryContext
        {
            Scenario = snapshot.Scenario,
            Stop = RunStop.Running,
            StartedAt = snapshot.StartedAt,
            DurationSeconds = coverage.DurationSeconds(snapshot),
            LoadSeconds = loadSeconds,
            Settings = snapshot.Settings,
            Phases = phases,
            QuotaTpmLimit = snapshot.QuotaTpm.Limit,
            Harness = snapshot.Harness,
        });
        var tornText = torn is null ? "" : $"; its torn last row (line {torn.Line}) was left out";
        measured = measured with
        {
            SchemaVersion = snapshot.SchemaVersion,
            ItlMs = snapshot.ItlMs,
            StopReason = $"killed while running: figures rebuilt from the {coverage.Rows.ToString(CultureInfo.InvariantCulture)} rows of {ResultsDirectory.RequestsFile}, covering {Seconds(loadSeconds)} of load{tornText}; requests in flight when it stopped are not counted",
        };

        var timeseries = recorder.Timeseries(second => PhaseOf(phases, second), finalizeAll: true, loadSeconds);
        var gates = snapshot.Gates.Select(g => Parse(folder, g.Expression)).ToList();
        return (RunVerdict.Judge(measured, gates), timeseries);
    }

    private static int PhaseOf(IReadOnlyList<PhaseWindow> phases, int second)
    {
        var phase = phases.Count > 0 ? phases[0].Index : 0;
        foreach (var p in phases)
        {
            if (p.StartSeconds <= second)
            {
                phase = p.Index;
            }
        }

        return phase;
    }

    private static Gate Parse(ResultsDirectory folder, string expression)
    {
        try
        {
            return GateParser.Parse(expression);
        }
        catch (GateParseException e)
        {
            throw new ConfigException(folder.Summary, 1, 1, $"gate '{expression}' of the snapshot does not parse (column {e.Column}: {e.Detail})");
        }
    }

    private static string Seconds(double s) => s.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    /// <summary>The rows are already on disk: nothing to write again.</summary>
    private sealed class Discard : IRequestLog
    {
        public static Discard Instance { get; } = new();

        public void Write(RequestRecord record)
        {
        }
    }
}
