using LoadTest.Reports.Charts;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>Per-second series and limits derived from one run's data, shared by the HTML and Markdown reports.</summary>
internal sealed class RunSeries
{
    public RunSeries(RunData run)
    {
        var rows = run.Timeseries.OrderBy(r => r.Second).ToList();
        var length = rows.Count == 0 ? 0 : rows[^1].Second + 1;
        double[] Column(Func<TimeseriesRow, double> get, bool idleIsGap = false)
        {
            var values = new double[length];
            if (idleIsGap)
            {
                Array.Fill(values, double.NaN);
            }

            foreach (var r in rows)
            {
                var v = get(r);
                values[r.Second] = idleIsGap && r.Ok + r.Throttled + r.Failed == 0 ? double.NaN : v;
            }

            return values;
        }

        Offered = Column(r => r.Offered);
        Started = Column(r => r.Started);
        Ok = Column(r => r.Ok);
        Throttled = Column(r => r.Throttled);
        ThrottledAttempts = Column(r => r.ThrottledAttempts);
        Failed = Column(r => r.Failed);
        Dropped = Column(r => r.Dropped);
        InFlight = Column(r => r.InFlight);

        // A second with no completions has no latency: a gap, not a drop to zero.
        LatencyP50 = Column(r => r.LatencyP50Ms, idleIsGap: true);
        LatencyP95 = Column(r => r.LatencyP95Ms, idleIsGap: true);
        LatencyP99 = Column(r => r.LatencyP99Ms, idleIsGap: true);
        TtftP50 = Column(r => r.TtftP50Ms > 0 ? r.TtftP50Ms : double.NaN, idleIsGap: true);
        TtftP95 = Column(r => r.TtftP95Ms > 0 ? r.TtftP95Ms : double.NaN, idleIsGap: true);
        // Drawn as the recorder stored them (its minute window); absent in older folders: a gap.
        QuotaTpm = Column(r => r.QuotaTpm ?? double.NaN);
        Rpm = Column(r => r.Rpm ?? double.NaN);

        var summary = run.Summary;
        var used = summary.ByModel.Keys.ToHashSet(StringComparer.Ordinal);
        var limits = summary.Settings.Models.Where(m => used.Count == 0 || used.Contains(m.Key)).Select(m => m.Value).ToList();
        TpmLimit = summary.QuotaTpm.Limit ?? (limits.Count > 0 && limits.All(l => l.Tpm is not null) ? limits.Sum(l => (double)l.Tpm!.Value) : null);
        RpmLimit = limits.Count > 0 && limits.All(l => l.Rpm is not null) ? limits.Sum(l => (double)l.Rpm!.Value) : null;
        Bands = summary.Phases.Select(p => new ChartBand(p.StartSeconds, p.EndSeconds, p.Label)).ToList();
        Saturated = summary.Harness?.Periods.Select(p => new ChartBand(p.StartS, p.EndS, "harness saturated " + HarnessText.Period(p))).ToList() ?? [];
    }

    public double[] Offered { get; }

    public double[] Started { get; }

    public double[] Ok { get; }

    public double[] Throttled { get; }

    public double[] ThrottledAttempts { get; }

    public double[] Failed { get; }

    public double[] Dropped { get; }

    public double[] InFlight { get; }

    public double[] LatencyP50 { get; }

    public double[] LatencyP95 { get; }

    public double[] LatencyP99 { get; }

    public double[] TtftP50 { get; }

    public double[] TtftP95 { get; }

    /// <summary>Quota tokens per minute at each second, as stored (NaN where the folder has none).</summary>
    public double[] QuotaTpm { get; }

    /// <summary>Requests started per minute at each second, as stored (NaN where the folder has none).</summary>
    public double[] Rpm { get; }

    public double? TpmLimit { get; }

    public double? RpmLimit { get; }

    public IReadOnlyList<ChartBand> Bands { get; }

    /// <summary>The periods in which the harness's own delay could distort the figures (none for older summaries).</summary>
    public IReadOnlyList<ChartBand> Saturated { get; }

    /// <summary>The largest stored per-second RPM (null when the folder stores none).</summary>
    public double? PeakRpm => Rpm.Where(double.IsFinite).Select(v => (double?)v).DefaultIfEmpty(null).Max();
}
