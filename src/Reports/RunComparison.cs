using System.Globalization;
using System.Text;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>Side-by-side numbers of two runs (A = before, B = after) with deltas, as text or Markdown.</summary>
public static class RunComparison
{
    public static IReadOnlyList<ComparisonRow> Build(RunSummary a, RunSummary b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var rows = new List<ComparisonRow>();
        void Pct(string name, Percentiles pa, Percentiles pb)
        {
            foreach (var (stat, get) in new (string, Func<Percentiles, double>)[] { ("p50", p => p.P50), ("p90", p => p.P90), ("p95", p => p.P95), ("p99", p => p.P99), ("max", p => p.Max) })
            {
                rows.Add(new ComparisonRow($"{stat}({name})", pa.Count > 0 ? get(pa) : null, pb.Count > 0 ? get(pb) : null, ComparisonUnit.Milliseconds, true));
            }
        }

        Pct("latency", a.LatencyMs, b.LatencyMs);
        Pct("ttft", a.TtftMs, b.TtftMs);
        if (a.TtfvtMs is { Count: > 0 } || b.TtfvtMs is { Count: > 0 })
        {
            Pct("ttfvt", a.TtfvtMs ?? new Percentiles(), b.TtfvtMs ?? new Percentiles());
        }

        if (a.ItlMs.Count > 0 || b.ItlMs.Count > 0)
        {
            Pct("itl", a.ItlMs, b.ItlMs);
        }

        rows.Add(new ComparisonRow("requests sent", a.Requests.Sent, b.Requests.Sent, ComparisonUnit.Count, false));
        rows.Add(new ComparisonRow("offered_rpm", a.Rates.OfferedRpm, b.Rates.OfferedRpm, ComparisonUnit.Rate, false));
        rows.Add(new ComparisonRow("achieved_rpm", a.Rates.AchievedRpm, b.Rates.AchievedRpm, ComparisonUnit.Rate, false));
        rows.Add(new ComparisonRow("throttle_rate", a.Rates.ThrottleRate, b.Rates.ThrottleRate, ComparisonUnit.Fraction, true));
        rows.Add(new ComparisonRow("error_rate", a.Rates.ErrorRate, b.Rates.ErrorRate, ComparisonUnit.Fraction, true));
        rows.Add(new ComparisonRow("throttled attempts", a.Requests.ThrottledAttempts, b.Requests.ThrottledAttempts, ComparisonUnit.Count, true));
        rows.Add(new ComparisonRow("retries", a.Requests.Retries, b.Requests.Retries, ComparisonUnit.Count, true));
        rows.Add(new ComparisonRow("dropped", a.Requests.Dropped, b.Requests.Dropped, ComparisonUnit.Count, true));
        foreach (var code in a.ErrorCodes.Keys.Union(b.ErrorCodes.Keys).Order(StringComparer.Ordinal))
        {
            rows.Add(new ComparisonRow($"failed: {code}", a.ErrorCodes.GetValueOrDefault(code), b.ErrorCodes.GetValueOrDefault(code), ComparisonUnit.Count, true));
        }

        rows.Add(new ComparisonRow("input tokens", a.Tokens.Input, b.Tokens.Input, ComparisonUnit.Count, false, Judged: false));
        rows.Add(new ComparisonRow("output tokens", a.Tokens.Output, b.Tokens.Output, ComparisonUnit.Count, false, Judged: false));
        rows.Add(new ComparisonRow("quota tokens", a.Tokens.Quota, b.Tokens.Quota, ComparisonUnit.Count, false, Judged: false));
        rows.Add(new ComparisonRow("quota TPM mean", a.QuotaTpm.Mean, b.QuotaTpm.Mean, ComparisonUnit.Count, false, Judged: false));
        rows.Add(new ComparisonRow("quota TPM peak", a.QuotaTpm.Peak, b.QuotaTpm.Peak, ComparisonUnit.Count, false, Judged: false));
        rows.Add(new ComparisonRow("quota_utilization", a.QuotaTpm.Utilization, b.QuotaTpm.Utilization, ComparisonUnit.Fraction, true));
        if (a.Tokens.QuotaPerRequest is not null || b.Tokens.QuotaPerRequest is not null)
        {
            rows.Add(new ComparisonRow("quota tokens per request", a.Tokens.QuotaPerRequest, b.Tokens.QuotaPerRequest, ComparisonUnit.Rate, true));
        }

        Features(rows, a.Features, b.Features);
        Routing(rows, a, b);
        return rows;
    }

    /// <summary>
    /// Where each run was served and what it cost, as its summary holds them: the rows that put a
    /// global-profile run beside a geographic one (spill-over, 503s, TTFT by serving Region, cost).
    /// </summary>
    private static void Routing(List<ComparisonRow> rows, RunSummary a, RunSummary b)
    {
        RoutingSummary? ra = a.Routing, rb = b.Routing;
        if (ra is not null || rb is not null)
        {
            rows.Add(new ComparisonRow("spill_over_share", ra?.SpillOverShare, rb?.SpillOverShare, ComparisonUnit.Fraction, false, Judged: false));
            rows.Add(new ComparisonRow("unavailable (503)", ra?.Unavailable, rb?.Unavailable, ComparisonUnit.Count, true));
            rows.Add(new ComparisonRow("unavailable_share", ra?.UnavailableShare, rb?.UnavailableShare, ComparisonUnit.Fraction, true));
            var regions = (ra?.Regions ?? []).Concat(rb?.Regions ?? []).Select(r => r.Region).Distinct(StringComparer.Ordinal);
            foreach (var region in regions)
            {
                var ea = ra?.Regions.FirstOrDefault(r => r.Region == region);
                var eb = rb?.Regions.FirstOrDefault(r => r.Region == region);
                rows.Add(new ComparisonRow($"served in {region}", ra is null ? null : ea?.Share ?? 0, rb is null ? null : eb?.Share ?? 0, ComparisonUnit.Fraction, false, Judged: false));
                rows.Add(new ComparisonRow($"p50(ttft) in {region}", ea?.TtftMs is { Count: > 0 } pa ? pa.P50 : null, eb?.TtftMs is { Count: > 0 } pb ? pb.P50 : null, ComparisonUnit.Milliseconds, true));
                rows.Add(new ComparisonRow($"p95(ttft) in {region}", ea?.TtftMs is { Count: > 0 } qa ? qa.P95 : null, eb?.TtftMs is { Count: > 0 } qb ? qb.P95 : null, ComparisonUnit.Milliseconds, true));
            }
        }

        if (a.Cost is not null || b.Cost is not null)
        {
            // The total follows the traffic served; the price per request is what the scope changes.
            rows.Add(new ComparisonRow("cost USD", (double?)a.Cost?.Usd, (double?)b.Cost?.Usd, ComparisonUnit.Usd, true, Judged: false));
            rows.Add(new ComparisonRow("cost USD per 1k requests", (double?)(a.Cost?.UsdPerRequest * 1000), (double?)(b.Cost?.UsdPerRequest * 1000), ComparisonUnit.Usd, true));
        }
    }

    /// <summary>Rows for the sessions, thinking, tools and cache figures either run has, as its summary holds them.</summary>
    private static void Features(List<ComparisonRow> rows, RequestFeatures? a, RequestFeatures? b)
    {
        void Add(string metric, Func<RequestFeatures, double?> pick, ComparisonUnit unit, bool lowerIsBetter, bool judged = true)
        {
            var va = a is null ? null : pick(a);
            var vb = b is null ? null : pick(b);
            if (va is not null || vb is not null)
            {
                rows.Add(new ComparisonRow(metric, va, vb, unit, lowerIsBetter, judged));
            }
        }

        Add("thinking tokens per request", f => f.Thinking?.PerRequest, ComparisonUnit.Rate, true);
        Add("thinking_share", f => f.Thinking?.QuotaShare, ComparisonUnit.Fraction, true);
        Add("cache_read_share", f => f.CacheReadShare?.Overall, ComparisonUnit.Fraction, false);
        Add("sessions", f => f.Sessions?.Count, ComparisonUnit.Count, false, judged: false);
        Add("turns_per_session", f => f.Sessions?.TurnsMean, ComparisonUnit.Rate, false, judged: false);
        Add("tool_calls_per_session", f => f.Sessions?.ToolCallsPerSession, ComparisonUnit.Rate, false, judged: false);
        Add("tool calls", f => f.ToolCalls, ComparisonUnit.Count, false, judged: false);
        Add("embeddings", f => f.Embeddings, ComparisonUnit.Count, false, judged: false);
    }

    /// <summary>
    /// The table; a partial side (<see cref="RunSummary.IsPartial"/>) is marked in its column header
    /// and said above the table, and no delta is then judged better or worse: a run that stopped
    /// early sent less and met less load, which would read as an improvement.
    /// </summary>
    public static string Render(ComparedRun a, ComparedRun b, IReadOnlyList<ComparisonRow> rows, bool markdown)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(rows);
        var partial = a.Summary.IsPartial || b.Summary.IsPartial;
        var notes = new[] { ("A", a), ("B", b) }.Where(x => x.Item2.Summary.IsPartial)
            .Select(x => $"{x.Item1} ({x.Item2.Name}) is a partial run: {x.Item2.Summary.StopReason ?? "it did not complete"}; its figures cover {Fmt.Duration(x.Item2.Summary.LoadSeconds)} of load. Deltas are not judged better or worse.")
            .ToList();
        var nameA = a.Name + (a.Summary.IsPartial ? " (partial)" : "");
        var nameB = b.Name + (b.Summary.IsPartial ? " (partial)" : "");
        var table = rows.Select(r => new[]
        {
            r.Metric,
            Value(r.A, r.Unit),
            Value(r.B, r.Unit),
            Delta(r),
            r.Relative is { } rel ? (rel >= 0 ? "+" : "") + (rel * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–",
            partial ? "" : r.Worse ? "worse" : r.Better ? "better" : "",
        }).ToList();
        string[] header = ["metric", "A: " + nameA, "B: " + nameB, "Δ (B-A)", "Δ %", ""];
        var sb = new StringBuilder();
        if (a.Summary.Settings.ProfileScope is not null || b.Summary.Settings.ProfileScope is not null)
        {
            var scopes = $"profile scope: A {a.Summary.Settings.ProfileScope ?? "as configured"}, B {b.Summary.Settings.ProfileScope ?? "as configured"}";
            sb.AppendLine(markdown ? $"**{scopes}**" : scopes);
            sb.AppendLine();
        }

        foreach (var note in notes)
        {
            sb.AppendLine(markdown ? "> ⚠️ **Partial run:** " + note : "PARTIAL: " + note);
            sb.AppendLine();
        }

        if (markdown)
        {
            sb.AppendLine("| " + string.Join(" | ", header.Select(h => h.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
            sb.AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var row in table)
            {
                row[5] = row[5] == "worse" ? "⚠️ worse" : row[5];
                sb.AppendLine("| " + string.Join(" | ", row) + " |");
            }

            return sb.ToString();
        }

        var widths = Enumerable.Range(0, header.Length).Select(i => Math.Max(header[i].Length, table.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == 0 || i == 5 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        sb.AppendLine(Line(header));
        sb.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        foreach (var row in table)
        {
            sb.AppendLine(Line(row));
        }

        return sb.ToString();
    }

    private static string Value(double? v, ComparisonUnit unit) => v is not { } x ? "–" : unit switch
    {
        ComparisonUnit.Milliseconds => Fmt.Ms(x),
        ComparisonUnit.Fraction => Fmt.Pct(x),
        ComparisonUnit.Rate => Fmt.Num(x),
        ComparisonUnit.Usd => Fmt.Usd(x),
        _ => Fmt.Int(x),
    };

    private static string Delta(ComparisonRow r)
    {
        if (r.Delta is not { } d)
        {
            return "–";
        }

        var sign = d > 0 ? "+" : d < 0 ? "-" : "";
        var abs = Math.Abs(d);
        return sign + r.Unit switch
        {
            ComparisonUnit.Milliseconds => Fmt.Ms(abs),
            ComparisonUnit.Fraction => (abs * 100).ToString("0.##", CultureInfo.InvariantCulture) + " pp",
            ComparisonUnit.Rate => Fmt.Num(abs),
            ComparisonUnit.Usd => Fmt.Usd(abs),
            _ => Fmt.Int(abs),
        };
    }
}
