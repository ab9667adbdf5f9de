using System.Globalization;
using System.Text;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>report.md: the essentials as GitHub-flavoured Markdown tables, for a CI job summary or a PR comment.</summary>
public static class MarkdownReport
{
    public const string FileName = "report.md";

    public static string Render(RunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Summary;
        var series = new RunSeries(run);
        var m = new StringBuilder();
        var verdict = s.IsPartial ? "⚠️ partial run" : !s.Completed ? "⚠️ incomplete" : s.Passed ? "✅ passed" : "❌ failed";
        m.AppendLine(CultureInfo.InvariantCulture, $"## LoadTest `{Cell(s.Scenario)}`: {verdict}");
        m.AppendLine();
        m.AppendLine(CultureInfo.InvariantCulture, $"Started {s.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} · {Fmt.Duration(s.DurationSeconds)} · target **{Cell(s.Settings.Target)}**{(string.IsNullOrEmpty(s.Settings.Region) ? "" : " in " + Cell(s.Settings.Region))} · retry {Cell(RetryText.Profile(s.Settings))} · seed {s.Settings.Seed}");
        if (!string.IsNullOrEmpty(s.StopReason))
        {
            m.AppendLine();
            m.AppendLine(CultureInfo.InvariantCulture, $"> **Stopped early:** {Cell(s.StopReason)}");
        }

        foreach (var note in RunNotes.For(run))
        {
            m.AppendLine();
            m.AppendLine(CultureInfo.InvariantCulture, $"> **Note:** {Cell(note)}");
        }

        Saturation(m, s.Harness);

        m.AppendLine();
        m.AppendLine("| Requests sent | Achieved RPM | Throttle rate | Error rate | p95 TTFT | p95 latency | Peak quota TPM |");
        m.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        var util = s.QuotaTpm.Utilization is { } u ? $" ({Fmt.Pct(u)} of {Fmt.Compact(series.TpmLimit ?? 0)})" : "";
        m.AppendLine(CultureInfo.InvariantCulture, $"| {Fmt.Int(s.Requests.Sent)} of {Fmt.Int(s.Requests.Scheduled)} | {Fmt.Int(s.Rates.AchievedRpm)} (offered {Fmt.Int(s.Rates.OfferedRpm)}) | {Fmt.Pct(s.Rates.ThrottleRate)} | {Fmt.Pct(s.Rates.ErrorRate)} | {Ms(s.TtftMs.Count, s.TtftMs.P95)} | {Ms(s.LatencyMs.Count, s.LatencyMs.P95)} | {Fmt.Compact(s.QuotaTpm.Peak)}{util} |");
        m.AppendLine();

        m.AppendLine("### Gates");
        m.AppendLine();
        if (s.Gates.Count == 0)
        {
            m.AppendLine(s.IsPartial ? "No gate results: the run stopped before its gates were judged." : "No gates configured.");
        }
        else
        {
            m.AppendLine("| | Gate | Actual | Threshold | Detail |");
            m.AppendLine("|---|---|---:|---:|---|");
            foreach (var g in s.Gates)
            {
                m.AppendLine(CultureInfo.InvariantCulture, $"| {(g.Passed ? "✅" : "❌")} | `{Cell(g.Expression)}` | {GateDisplay.Value(g.Expression, g.Actual)} | {GateDisplay.Value(g.Expression, g.Threshold)} | {Cell(g.Message ?? "")} |");
            }
        }

        m.AppendLine();
        m.AppendLine("### Latency");
        m.AppendLine();
        m.AppendLine("| | samples | p50 | p90 | p95 | p99 | p99.9 | max |");
        m.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var rows = new List<(string, Percentiles)> { ("latency", s.LatencyMs), ("TTFT", s.TtftMs) };
        if (s.TtfvtMs is { } ttfvt)
        {
            rows.Add(("TTFVT (first visible token)", ttfvt));
        }

        rows.AddRange([("inter-token", s.ItlMs), ("per output token", s.TpotMs)]);
        if (s.LimiterWaitMs is { } limiter)
        {
            rows.Add((RetryText.LimiterWaitName + " (in latency)", limiter));
        }

        foreach (var (name, p) in rows)
        {
            m.AppendLine(p.Count == 0
                ? $"| {name} | 0 | – | – | – | – | – | – |"
                : $"| {name} | {Fmt.Int(p.Count)} | {Fmt.Ms(p.P50)} | {Fmt.Ms(p.P90)} | {Fmt.Ms(p.P95)} | {Fmt.Ms(p.P99)} | {Fmt.Ms(p.P999)} | {Fmt.Ms(p.Max)} |");
        }

        if (s.Harness is { } harness)
        {
            m.AppendLine();
            m.AppendLine(CultureInfo.InvariantCulture, $"Harness: {(harness.Saturated ? "**saturated**" : "not saturated")} · {HarnessText.Figures(harness)}");
        }

        m.AppendLine();
        m.AppendLine("### Requests and quota");
        m.AppendLine();
        m.AppendLine("| scheduled | sent | ok | throttled | failed | dropped | retries | attempts per request | throttled attempts | quota tokens | mean TPM | peak TPM | TPM limit | peak RPM | RPM limit |");
        m.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        m.AppendLine(CultureInfo.InvariantCulture, $"| {Fmt.Int(s.Requests.Scheduled)} | {Fmt.Int(s.Requests.Sent)} | {Fmt.Int(s.Requests.Succeeded)} | {RetryText.Throttled(s.Requests)} | {Fmt.Int(s.Requests.Failed)} | {Fmt.Int(s.Requests.Dropped)} | {Fmt.Int(s.Requests.Retries)} | {(RetryText.AttemptsPerRequest(s.Requests) is { } perRequest ? Fmt.Num(perRequest) : "–")} | {Fmt.Int(s.Requests.ThrottledAttempts)} | {Fmt.Compact(s.Tokens.Quota)} | {Fmt.Compact(s.QuotaTpm.Mean)} | {Fmt.Compact(s.QuotaTpm.Peak)} | {(series.TpmLimit is { } t ? Fmt.Compact(t) : "–")} | {(series.PeakRpm is { } peakRpm ? Fmt.Compact(peakRpm) : "–")} | {(series.RpmLimit is { } r ? Fmt.Compact(r) : "–")} |");

        CountTable(m, "Outcomes", "| outcome | requests | share |", "|---|---:|---:|", s.Outcomes,
            (k, v, share) => $"| {Cell(k)} | {Fmt.Int(v)} | {Fmt.Pct(share)} |");
        CountTable(m, "Error codes", "| error code | requests | share of failed | meaning |", "|---|---:|---:|---|", s.ErrorCodes,
            (k, v, share) => $"| `{Cell(k)}` | {Fmt.Int(v)} | {Fmt.Pct(share)} | {Cell(ErrorCodeText.Describe(k))} |");

        Steps(m, s.Steps);
        Groups(m, "workload", s.ByWorkload);
        foreach (var sentence in ReservationText.Sentences(s))
        {
            m.AppendLine();
            m.AppendLine(CultureInfo.InvariantCulture, $"> **Reservation:** {Cell(sentence)}");
        }
        Features(m, s.ByWorkload);
        Groups(m, "model", s.ByModel);
        foreach (var (key, groups) in TagGroups.ByKey(s))
        {
            Groups(m, key, groups);
        }

        if (s.Routing is { Regions.Count: > 0 } routing)
        {
            m.AppendLine();
            m.AppendLine("### Inference Regions");
            m.AppendLine();
            m.AppendLine("| Region | requests | share | TTFT p50 | TTFT p95 |");
            m.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var served in routing.Regions)
            {
                var source = served.Region == routing.SourceRegion ? " (source)" : "";
                var ttft = served.TtftMs;
                m.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(served.Region)}{source} | {Fmt.Int(served.Requests)} | {Fmt.Pct(served.Share)} | {(ttft.Count > 0 ? Fmt.Ms(ttft.P50) : "–")} | {(ttft.Count > 0 ? Fmt.Ms(ttft.P95) : "–")} |");
            }
        }
        else if (s.InferenceRegions.Count > 0)
        {
            // Summaries written before routing was recorded: counts only.
            var total = Math.Max(1, s.InferenceRegions.Values.Sum());
            m.AppendLine();
            m.AppendLine("### Inference Regions");
            m.AppendLine();
            m.AppendLine("| Region | requests | share |");
            m.AppendLine("|---|---:|---:|");
            foreach (var (k, v) in s.InferenceRegions.OrderByDescending(r => r.Value))
            {
                m.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(k)} | {Fmt.Int(v)} | {Fmt.Pct(v / (double)total)} |");
            }
        }

        if (RoutingText.Sentence(s) is { } routed)
        {
            m.AppendLine();
            m.AppendLine(CultureInfo.InvariantCulture, $"> **Routing and cost:** {Cell(routed)}");
        }

        if (s.Phases.Count > 0)
        {
            m.AppendLine();
            m.AppendLine("<details><summary>Phases</summary>");
            m.AppendLine();
            m.AppendLine("| # | phase | from | to |");
            m.AppendLine("|---:|---|---:|---:|");
            foreach (var p in s.Phases)
            {
                m.AppendLine(CultureInfo.InvariantCulture, $"| {p.Index} | **{Cell(p.Kind)}** {Cell(p.Description)} | {Fmt.Clock(p.StartSeconds)} | {Fmt.Clock(p.EndSeconds)} |");
            }

            m.AppendLine();
            m.AppendLine("</details>");
        }

        m.AppendLine();
        m.AppendLine("Charts: open `report.html` from the results folder.");
        return m.ToString();
    }

    /// <summary>A warning paragraph naming every period in which the harness's own delay could distort the figures.</summary>
    private static void Saturation(StringBuilder m, HarnessSummary? harness)
    {
        if (harness is not { Saturated: true })
        {
            return;
        }

        m.AppendLine();
        m.AppendLine(CultureInfo.InvariantCulture, $"> ⚠️ **Harness saturated.** {HarnessText.Warning(harness)}");
        m.AppendLine(">");
        foreach (var p in harness.Periods)
        {
            m.AppendLine(CultureInfo.InvariantCulture, $"> - {HarnessText.Period(p)}");
        }
    }

    /// <summary>A "### title" table of non-zero counts, largest first, each row with its share of the total.</summary>
    private static void CountTable(StringBuilder m, string title, string header, string align, IReadOnlyDictionary<string, long> counts, Func<string, long, double, string> row)
    {
        var rows = counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var total = (double)rows.Sum(c => c.Value);
        m.AppendLine();
        m.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        m.AppendLine();
        m.AppendLine(header);
        m.AppendLine(align);
        foreach (var (k, v) in rows)
        {
            m.AppendLine(row(k, v, v / total));
        }
    }

    /// <summary>The named steps of a C# scenario (none for a YAML one): counts, failures, latency.</summary>
    private static void Steps(StringBuilder m, IReadOnlyDictionary<string, StepSummary>? steps)
    {
        if (steps is not { Count: > 0 })
        {
            return;
        }

        m.AppendLine();
        m.AppendLine("### Steps");
        m.AppendLine();
        m.AppendLine("| step | runs | ok | failed | timed out | error rate | p50 latency | p95 latency | p99 latency | p95 TTFT | request bytes / run | response bytes / run |");
        m.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, st) in steps.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            m.AppendLine(CultureInfo.InvariantCulture, $"| `{Cell(name)}` | {Fmt.Int(st.Count)} | {Fmt.Int(st.Succeeded)} | {Fmt.Int(st.Failed)} | {Fmt.Int(st.TimedOut)} | {Fmt.Pct(st.ErrorRate)} | {Ms(st.LatencyMs.Count, st.LatencyMs.P50)} | {Ms(st.LatencyMs.Count, st.LatencyMs.P95)} | {Ms(st.LatencyMs.Count, st.LatencyMs.P99)} | {Ms(st.TtftMs?.Count ?? 0, st.TtftMs?.P95 ?? 0)} | {(st.Sizes is { } z ? Fmt.Int(z.RequestBytesPerRun) : "–")} | {(st.Sizes is { } y ? Fmt.Int(y.ResponseBytesPerRun) : "–")} |");
        }
    }

    private static void Groups(StringBuilder m, string kind, IReadOnlyDictionary<string, GroupSummary> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }

        m.AppendLine();
        m.AppendLine(CultureInfo.InvariantCulture, $"### Per {kind}");
        m.AppendLine();
        m.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | sent | achieved RPM | throttle | errors | p95 TTFT | p95 latency | p99 latency | quota tokens | reserved / consumed |");
        m.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, g) in groups.OrderByDescending(g => g.Value.Sent))
        {
            m.AppendLine(CultureInfo.InvariantCulture, $"| `{Cell(name)}` | {Fmt.Int(g.Sent)} | {Fmt.Num(g.AchievedRpm)} | {Fmt.Pct(g.ThrottleRate)} | {Fmt.Pct(g.ErrorRate)} | {Ms(g.TtftMs.Count, g.TtftMs.P95)} | {Ms(g.LatencyMs.Count, g.LatencyMs.P95)} | {Ms(g.LatencyMs.Count, g.LatencyMs.P99)} | {Fmt.Compact(g.Tokens.Quota)} | {ReservationText.Ratio(g)} |");
        }
    }

    /// <summary>The sessions, thinking and tools table of the workloads that had any, and each one's cache-read share by turn.</summary>
    private static void Features(StringBuilder m, IReadOnlyDictionary<string, GroupSummary> workloads)
    {
        var groups = FeatureText.Groups(workloads);
        if (groups.Count == 0)
        {
            return;
        }

        m.AppendLine();
        m.AppendLine(CultureInfo.InvariantCulture, $"### {FeatureText.Title}");
        m.AppendLine();
        m.AppendLine("| workload | " + string.Join(" | ", FeatureText.Columns) + " |");
        m.AppendLine("|---|" + string.Concat(FeatureText.Columns.Select(_ => "---:|")));
        foreach (var (name, g) in groups)
        {
            m.AppendLine(CultureInfo.InvariantCulture, $"| `{Cell(name)}` | {string.Join(" | ", FeatureText.Cells(g).Select(Cell))} |");
        }

        foreach (var (name, g) in groups)
        {
            if (g.Features?.CacheReadShare is { ByTurn.Count: > 0 } cache)
            {
                m.AppendLine();
                m.AppendLine(CultureInfo.InvariantCulture, $"Cache-read share by turn, `{Cell(name)}`: {FeatureText.ByTurn(cache)}");
            }
        }
    }

    private static string Ms(long count, double ms) => count == 0 ? "–" : Fmt.Ms(ms);

    /// <summary>A table cell cannot hold a pipe or a line break.</summary>
    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
