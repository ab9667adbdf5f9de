namespace LoadTest.Results;

/// <summary>
/// What the rows of a killed run cover beyond its last snapshot (a summary with stopKind running,
/// at most a second old): the load went at least as far as the snapshot saw it and as the last
/// start scheduled among the rows on disk; a phase the rows show beginning after the snapshot cuts
/// the one before. One rule for every reader of such a folder (the rebuilt result, the planner).
/// Add every row, then ask.
/// </summary>
public sealed class RowCoverage
{
    private readonly SortedDictionary<int, double> _phaseStarts = [];

    public long Rows { get; private set; }

    public double LastScheduledMs { get; private set; }

    /// <summary>The latest moment a row records (an end, else a start, else a scheduled time).</summary>
    public double LastEventMs { get; private set; }

    public void Add(RequestRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Rows++;
        LastScheduledMs = Math.Max(LastScheduledMs, row.ScheduledMs);
        LastEventMs = Math.Max(LastEventMs, row.EndedMs ?? row.StartedMs ?? row.ScheduledMs);
        _phaseStarts[row.Phase] = Math.Min(_phaseStarts.GetValueOrDefault(row.Phase, double.MaxValue), row.ScheduledMs);
    }

    /// <summary>Seconds of load the rows and the snapshot cover (the rate denominator).</summary>
    public double LoadSeconds(RunSummary snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Math.Max(snapshot.LoadSeconds, LastScheduledMs / 1000);
    }

    public double DurationSeconds(RunSummary snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Math.Max(snapshot.DurationSeconds, LastEventMs / 1000);
    }

    /// <summary>The snapshot's phases, the last stretched to <see cref="LoadSeconds"/>, plus any phase the rows show begun after it.</summary>
    public IReadOnlyList<PhaseWindow> Phases(RunSummary snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var phases = snapshot.Phases.ToList();
        foreach (var (index, startMs) in _phaseStarts.Where(p => phases.Count == 0 || p.Key > phases[^1].Index))
        {
            var start = startMs / 1000;
            if (phases.Count > 0)
            {
                // The earlier phase ran until this one's first start.
                start = Math.Max(start, phases[^1].StartSeconds);
                phases[^1] = phases[^1] with { EndSeconds = start };
            }

            phases.Add(new PhaseWindow(index, "unknown", $"phase {index + 1} (begun after the last snapshot)", start, start));
        }

        if (phases.Count > 0)
        {
            phases[^1] = phases[^1] with { EndSeconds = Math.Max(phases[^1].EndSeconds, LoadSeconds(snapshot)) };
        }

        return phases;
    }
}
