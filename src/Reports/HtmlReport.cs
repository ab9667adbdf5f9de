using System.Globalization;
using System.Net;
using System.Text;
using LoadTest.Reports.Charts;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS, inline SVG charts, a few lines of inline
/// script for hover read-outs; a Content-Security-Policy forbids any network fetch).
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    private const string Blue = "#2563eb";
    private const string Slate = "#64748b";
    private const string Green = "#16a34a";
    private const string Red = "#dc2626";
    private const string Orange = "#ea580c";
    private const string Amber = "#d97706";
    private const string Violet = "#7c3aed";
    private const string Teal = "#0d9488";

    private static readonly Dictionary<string, string> OutcomeColors = new(StringComparer.Ordinal)
    {
        [Outcomes.Ok] = Green,
        [Outcomes.Throttled] = Red,
        [Outcomes.Unavailable] = Orange,
        [Outcomes.Timeout] = Amber,
        [Outcomes.ModelError] = Violet,
        [Outcomes.Validation] = "#be185d",
        [Outcomes.ClientError] = "#475569",
        [Outcomes.Dropped] = "#94a3b8",
    };

    public static string Render(RunData run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Summary;
        var series = new RunSeries(run);
        var h = new StringBuilder(64 * 1024);
        var title = $"LoadTest · {s.Scenario} · {(s.Passed ? "passed" : "failed")}";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.Append("<title>").Append(E(title)).Append("</title>");
        h.Append("<script>").Append(ErrorTrap).Append("</script>");
        h.Append("<style>").Append(Css).Append("</style></head><body>");
        h.Append("<main>");

        Header(h, s);
        Notes(h, RunNotes.For(run));
        Saturation(h, s);
        Kpis(h, s, series);
        Gates(h, s);

        Section(h, "load", "Load", "Requests per second: what the schedule offered, what the harness started, and how they ended. Shaded bands are the phases.");
        var load = new TimeChart("chart-load", "Offered, started and throttled requests per second", AxisFormat.Count, width: 1220)
            .Bands(series.Bands).Saturated(series.Saturated)
            .Add(new ChartSeries("offered", Slate, series.Offered) { Dashed = true, Width = 1.6 })
            .Add(new ChartSeries("started (achieved)", Blue, series.Started) { Fill = true })
            .Add(new ChartSeries("ok", Green, series.Ok) { Width = 1.4 })
            .Add(new ChartSeries("throttled (final)", Red, series.Throttled) { Width = 2 })
            .Add(new ChartSeries("throttled attempts (incl. retried)", Orange, series.ThrottledAttempts) { Dashed = true, Width = 1.2 });
        if (series.Dropped.Any(d => d > 0))
        {
            load.Add(new ChartSeries("dropped", "#111827", series.Dropped) { Width = 1.4 });
        }

        Figure(h, "Requests per second", load, wide: true);
        h.Append("</section>");

        Section(h, "latency", "Latency over time", "Per-second percentiles of requests completing in that second, measured from the scheduled start.");
        h.Append("<div class=\"grid2\">");
        Figure(h, "End-to-end latency", new TimeChart("chart-latency", "Latency percentiles per second", AxisFormat.Milliseconds)
            .Bands(series.Bands).Saturated(series.Saturated)
            .Add(new ChartSeries("p50", Blue, series.LatencyP50))
            .Add(new ChartSeries("p95", Violet, series.LatencyP95))
            .Add(new ChartSeries("p99", Red, series.LatencyP99) { Width = 1.4 }));
        Figure(h, "Time to first token", new TimeChart("chart-ttft", "TTFT percentiles per second", AxisFormat.Milliseconds)
            .Bands(series.Bands).Saturated(series.Saturated)
            .Add(new ChartSeries("p50", Teal, series.TtftP50))
            .Add(new ChartSeries("p95", Orange, series.TtftP95)));
        h.Append("</div></section>");

        Section(h, "quota", "Quotas", "Per minute in the 60-second window ending at each second (a shorter run: the run so far, scaled to a minute), as recorded, against the configured limits of the models used. Alarm lines at 70 % and 80 % of the TPM quota, as recommended for CloudWatch alarms.");
        h.Append("<div class=\"grid2\">");
        var tpm = new TimeChart("chart-tpm", "Quota tokens per minute against the TPM limit", AxisFormat.Compact)
            .Bands(series.Bands).Saturated(series.Saturated)
            .Add(new ChartSeries("quota tokens / min (after burndown)", Blue, series.QuotaTpm) { Fill = true });
        if (series.TpmLimit is { } tpmLimit)
        {
            tpm.Rule(new ChartRule($"TPM limit {Fmt.Compact(tpmLimit)}", tpmLimit, Red, false))
                .Rule(new ChartRule("80 % alarm", tpmLimit * 0.8, Orange, true))
                .Rule(new ChartRule("70 % alarm", tpmLimit * 0.7, Amber, true));
        }

        Figure(h, "Quota tokens per minute", tpm);
        var rpm = new TimeChart("chart-rpm", "Requests per minute against the RPM limit", AxisFormat.Compact)
            .Bands(series.Bands).Saturated(series.Saturated)
            .Add(new ChartSeries("requests started / min", Teal, series.Rpm) { Fill = true });
        if (series.RpmLimit is { } rpmLimit)
        {
            rpm.Rule(new ChartRule($"RPM limit {Fmt.Compact(rpmLimit)}", rpmLimit, Red, false));
        }

        Figure(h, "Requests per minute", rpm);
        h.Append("</div>");
        if (series.TpmLimit is null)
        {
            h.Append("<p class=\"note\">No TPM limit is configured for these models, so utilisation cannot be shown.</p>");
        }

        h.Append("</section>");

        Section(h, "distributions", "Distributions", "Share of requests per latency bin over the whole run, with the run's percentiles marked.");
        h.Append("<div class=\"grid2\">");
        h.Append("<figure><figcaption>Time to first token</figcaption>")
            .Append(new HistogramChart("chart-ttft-hist", "TTFT histogram", Teal).Render(s.Histograms.TtftMs, Markers(s.TtftMs)))
            .Append("</figure>");
        h.Append("<figure><figcaption>End-to-end latency</figcaption>")
            .Append(new HistogramChart("chart-latency-hist", "Latency histogram", Blue).Render(s.Histograms.LatencyMs, Markers(s.LatencyMs)))
            .Append("</figure>");
        h.Append("</div>");
        PercentileTable(h, s);
        h.Append("</section>");

        Section(h, "outcomes", "Outcomes and Regions", "How every scheduled request ended, and which Region served the successful ones.");
        h.Append("<div class=\"grid2\">");
        h.Append("<div><h3>Outcomes</h3>");
        Bars(h, s.Outcomes.Where(o => o.Value > 0).OrderByDescending(o => o.Value)
            .Select(o => (o.Key, o.Value, OutcomeColors.GetValueOrDefault(o.Key, Slate))), "chart-outcomes");
        ErrorCodeTable(h, s.ErrorCodes);
        h.Append("</div><div><h3>Inference Regions</h3>");
        if (s.InferenceRegions.Count == 0)
        {
            h.Append("<p class=\"note\">The target did not report inference Regions.</p>");
        }
        else
        {
            Bars(h, s.InferenceRegions.OrderByDescending(r => r.Value).Select(r => (r.Key, r.Value, Blue)), "chart-regions");
        }

        RegionTable(h, s.Routing);
        if (RoutingText.Sentence(s) is { } routed)
        {
            h.Append("<p class=\"note routing-note\">").Append(E(routed)).Append("</p>");
        }

        h.Append("</div></div></section>");

        StepTable(h, s.Steps);

        Section(h, "groups", "Per workload and model", null);
        GroupTable(h, "Workload", s.ByWorkload);
        foreach (var sentence in ReservationText.Sentences(s))
        {
            h.Append("<p class=\"note reservation-note\">").Append(E(sentence)).Append("</p>");
        }
        GroupTable(h, "Model", s.ByModel);
        foreach (var (key, groups) in TagGroups.ByKey(s))
        {
            GroupTable(h, key, groups);
        }

        h.Append("</section>");

        Features(h, s.ByWorkload);

        Section(h, "run", "Phases and settings", null);
        h.Append("<div class=\"grid2\">");
        PhaseTable(h, s.Phases);
        Settings(h, s);
        h.Append("</div></section>");

        h.Append(CultureInfo.InvariantCulture, $"<footer>Generated by <code>loadtest report</code> from {ResultsDirectory.SummaryFile} and {ResultsDirectory.TimeseriesFile} · schema {s.SchemaVersion}</footer>");
        h.Append("</main><div id=\"tip\" class=\"tip\" hidden></div>");
        h.Append("<script>").Append(Script).Append("</script></body></html>\n");
        return h.ToString();
    }

    private static void Header(StringBuilder h, RunSummary s)
    {
        var verdict = s.IsPartial ? ("partial run", "bad") : !s.Completed ? ("incomplete", "bad") : s.Passed ? ("passed", "good") : ("failed", "bad");
        h.Append("<header><div><div class=\"eyebrow\">LoadTest report</div>");
        h.Append(CultureInfo.InvariantCulture, $"<h1>{E(s.Scenario)} <span class=\"badge {verdict.Item2}\">{verdict.Item1}</span></h1>");
        h.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Started {E(s.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))} · {Fmt.Duration(s.DurationSeconds)} · target <b>{E(s.Settings.Target)}</b>{(string.IsNullOrEmpty(s.Settings.Region) ? "" : " in " + E(s.Settings.Region))} · retry {E(s.Settings.RetryMode)} ×{s.Settings.MaxAttempts} · seed {s.Settings.Seed}</p>");
        if (!string.IsNullOrEmpty(s.StopReason))
        {
            h.Append(CultureInfo.InvariantCulture, $"<p class=\"alert\">Stopped early: {E(s.StopReason)}</p>");
        }

        h.Append("</div></header>");
    }

    /// <summary>What the folder does not hold (older or interrupted runs), said before any figure.</summary>
    private static void Notes(StringBuilder h, IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
        {
            h.Append("<p class=\"note run-note\">").Append(E(note)).Append("</p>");
        }
    }

    /// <summary>A warning box above everything else when the harness's own delay could have distorted the figures.</summary>
    private static void Saturation(StringBuilder h, RunSummary s)
    {
        if (s.Harness is not { Saturated: true } harness)
        {
            return;
        }

        h.Append("<section id=\"harness-saturated\" class=\"saturation\" role=\"alert\"><h2>⚠ Harness saturated</h2>");
        h.Append(CultureInfo.InvariantCulture, $"<p>{E(HarnessText.Warning(harness))} The periods are shaded red on the charts below.</p>");
        h.Append("<table><thead><tr><th>Period</th><th class=\"num\">length</th><th class=\"num\">max lag</th><th class=\"num\">max CPU</th><th>Why</th></tr></thead><tbody>");
        foreach (var p in harness.Periods)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(HarnessText.Span(p))}</td><td class=\"num\">{Fmt.Duration(p.EndS - p.StartS)}</td><td class=\"num\">{Fmt.Ms(p.MaxLagMs)}</td><td class=\"num\">{Fmt.Pct(p.MaxCpu)}</td><td>{E(p.Reason)}</td></tr>");
        }

        h.Append("</tbody></table></section>");
    }

    private static void Kpis(StringBuilder h, RunSummary s, RunSeries series)
    {
        h.Append("<section class=\"kpis\">");
        Kpi(h, "Requests sent", Fmt.Int(s.Requests.Sent), $"{Fmt.Int(s.Requests.Scheduled)} scheduled · {Fmt.Int(s.Requests.Dropped)} dropped", s.Requests.Dropped > 0 ? "warn" : null);
        Kpi(h, "Achieved RPM", Fmt.Int(s.Rates.AchievedRpm), $"offered {Fmt.Int(s.Rates.OfferedRpm)}", null);
        Kpi(h, "Throttle rate", Fmt.Pct(s.Rates.ThrottleRate), $"{RetryText.Throttled(s.Requests)} final · {Fmt.Int(s.Requests.ThrottledAttempts)} attempts", s.Rates.ThrottleRate > 0.01 ? "bad" : s.Requests.ThrottledAttempts > 0 ? "warn" : "good");
        Kpi(h, "Error rate", Fmt.Pct(s.Rates.ErrorRate), $"{Fmt.Int(s.Requests.Failed)} failed · {Fmt.Int(s.Requests.Retries)} retries", s.Rates.ErrorRate > 0.01 ? "bad" : null);
        Kpi(h, "p95 TTFT", s.TtftMs.Count > 0 ? Fmt.Ms(s.TtftMs.P95) : "–", s.TtftMs.Count > 0 ? $"p50 {Fmt.Ms(s.TtftMs.P50)} · p99 {Fmt.Ms(s.TtftMs.P99)}" : "no samples", null);
        Kpi(h, "p95 latency", s.LatencyMs.Count > 0 ? Fmt.Ms(s.LatencyMs.P95) : "–", $"p50 {Fmt.Ms(s.LatencyMs.P50)} · p99 {Fmt.Ms(s.LatencyMs.P99)}", null);
        var util = s.QuotaTpm.Utilization;
        Kpi(h, "Peak TPM", Fmt.Compact(s.QuotaTpm.Peak), util is { } u ? $"{Fmt.Pct(u)} of {Fmt.Compact(series.TpmLimit ?? 0)} limit" : "limit unknown", util is { } v ? (v >= 0.8 ? "bad" : v >= 0.7 ? "warn" : "good") : null);
        var failed = s.Gates.Count(g => !g.Passed);
        Kpi(h, "Gates", s.Gates.Count == 0 ? "none" : $"{s.Gates.Count - failed}/{s.Gates.Count}", s.Gates.Count == 0 ? "no gates configured" : failed == 0 ? "all passed" : $"{failed} failed", s.Gates.Count == 0 ? null : failed == 0 ? "good" : "bad");
        h.Append("</section>");
    }

    private static void Kpi(StringBuilder h, string label, string value, string detail, string? tone)
        => h.Append(CultureInfo.InvariantCulture, $"<div class=\"kpi{(tone is null ? "" : " " + tone)}\"><div class=\"label\">{E(label)}</div><div class=\"value\">{E(value)}</div><div class=\"detail\">{E(detail)}</div></div>");

    private static void Gates(StringBuilder h, RunSummary s)
    {
        Section(h, "gates", "Gates", s.Gates.Count == 0 ? (s.IsPartial ? "No gate results: the run stopped before its gates were judged." : "No gates were configured for this run.") : null);
        if (s.Gates.Count > 0)
        {
            h.Append("<table class=\"gates\"><thead><tr><th></th><th>Gate</th><th class=\"num\">Actual</th><th class=\"num\">Threshold</th><th>Detail</th></tr></thead><tbody>");
            foreach (var g in s.Gates)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(g.Passed ? "pass" : "fail")}\"><td><span class=\"pill {(g.Passed ? "good" : "bad")}\">{(g.Passed ? "pass" : "fail")}</span></td><td><code>{E(g.Expression)}</code></td><td class=\"num\">{GateDisplay.Value(g.Expression, g.Actual)}</td><td class=\"num\">{GateDisplay.Value(g.Expression, g.Threshold)}</td><td>{E(g.Message ?? "")}</td></tr>");
            }

            h.Append("</tbody></table>");
        }

        h.Append("</section>");
    }

    private static void Section(StringBuilder h, string id, string title, string? lead)
    {
        h.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\"><h2>{E(title)}</h2>");
        if (lead is not null)
        {
            h.Append(CultureInfo.InvariantCulture, $"<p class=\"lead\">{E(lead)}</p>");
        }
    }

    private static void Figure(StringBuilder h, string caption, TimeChart chart, bool wide = false)
        => h.Append(CultureInfo.InvariantCulture, $"<figure{(wide ? " class=\"wide\"" : "")}><figcaption>{E(caption)}</figcaption>{chart.Legend()}{chart.Render()}</figure>");

    private static IReadOnlyList<(string, double)> Markers(Percentiles p)
        => p.Count == 0 ? [] : [("p50", p.P50), ("p95", p.P95), ("p99", p.P99)];

    private static void Bars(StringBuilder h, IEnumerable<(string Name, long Count, string Color)> items, string id)
    {
        var list = items.ToList();
        var total = Math.Max(1, list.Sum(i => i.Count));
        var max = Math.Max(1, list.Select(i => i.Count).DefaultIfEmpty(0).Max());
        const double width = 520;
        const double row = 26;
        var height = Math.Max(1, list.Count) * row + 4;
        h.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart bars\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{E(id)}\">");
        for (var i = 0; i < list.Count; i++)
        {
            var (name, count, color) = list[i];
            var y = i * row + 2;
            var w = Math.Max(2, count / (double)max * 260);
            h.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-name\" x=\"130\" y=\"{Svg.N(y + 16)}\">{E(name)}</text>");
            h.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"138\" y=\"{Svg.N(y + 3)}\" width=\"{Svg.N(w)}\" height=\"{row - 8}\" rx=\"3\" fill=\"{color}\"><title>{E($"{name}: {Fmt.Int(count)} ({Fmt.Pct(count / (double)total)})")}</title></rect>");
            h.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-value\" x=\"{Svg.N(138 + w + 6)}\" y=\"{Svg.N(y + 16)}\">{Fmt.Int(count)} · {Fmt.Pct(count / (double)total)}</text>");
        }

        h.Append("</svg>");
    }

    private static void PercentileTable(StringBuilder h, RunSummary s)
    {
        h.Append("<table><thead><tr><th>Metric</th><th class=\"num\">samples</th><th class=\"num\">p50</th><th class=\"num\">p90</th><th class=\"num\">p95</th><th class=\"num\">p99</th><th class=\"num\">p99.9</th><th class=\"num\">max</th><th class=\"num\">mean</th></tr></thead><tbody>");
        var rows = new List<(string, Percentiles)> { ("Latency", s.LatencyMs), ("TTFT", s.TtftMs) };
        if (s.TtfvtMs is { } ttfvt)
        {
            // After any thinking: what a user of a thinking model waits for.
            rows.Add(("TTFVT (first visible token)", ttfvt));
        }

        rows.AddRange([("Inter-token latency", s.ItlMs), ("Time per output token", s.TpotMs)]);
        if (s.LimiterWaitMs is { } limiter)
        {
            // Part of the latency above that the server never saw: the client's own rate limiter.
            rows.Add(("Client limiter wait (in latency)", limiter));
        }

        foreach (var (name, p) in rows)
        {
            if (p.Count == 0)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{name}</td><td class=\"num\">0</td><td colspan=\"7\" class=\"muted\">no samples</td></tr>");
                continue;
            }

            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{name}</td><td class=\"num\">{Fmt.Int(p.Count)}</td><td class=\"num\">{Fmt.Ms(p.P50)}</td><td class=\"num\">{Fmt.Ms(p.P90)}</td><td class=\"num\">{Fmt.Ms(p.P95)}</td><td class=\"num\">{Fmt.Ms(p.P99)}</td><td class=\"num\">{Fmt.Ms(p.P999)}</td><td class=\"num\">{Fmt.Ms(p.Max)}</td><td class=\"num\">{Fmt.Ms(p.Mean)}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    /// <summary>The named steps of a C# scenario, one row each (no section for a YAML scenario).</summary>
    /// <summary>Requests, share and TTFT per serving Region, the source Region marked.</summary>
    private static void RegionTable(StringBuilder h, RoutingSummary? routing)
    {
        if (routing is not { Regions.Count: > 0 })
        {
            return;
        }

        h.Append("<table class=\"regions\"><thead><tr><th>Region</th><th class=\"num\">requests</th><th class=\"num\">share</th><th class=\"num\">TTFT p50</th><th class=\"num\">TTFT p95</th></tr></thead><tbody>");
        foreach (var r in routing.Regions)
        {
            var source = r.Region == routing.SourceRegion ? " (source)" : "";
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Region + source)}</td><td class=\"num\">{Fmt.Int(r.Requests)}</td><td class=\"num\">{Fmt.Pct(r.Share)}</td><td class=\"num\">{(r.TtftMs.Count > 0 ? Fmt.Ms(r.TtftMs.P50) : "–")}</td><td class=\"num\">{(r.TtftMs.Count > 0 ? Fmt.Ms(r.TtftMs.P95) : "–")}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void StepTable(StringBuilder h, IReadOnlyDictionary<string, StepSummary>? steps)
    {
        if (steps is not { Count: > 0 })
        {
            return;
        }

        Section(h, "steps", "Steps", "Each named step of the scenario's iterations: how often it ran, how often it failed or timed out, how long it took (every outcome), and the sizes its results reported.");
        h.Append("<table class=\"groups steps\"><thead><tr><th>Step</th><th class=\"num\">runs</th><th class=\"num\">ok</th><th class=\"num\">failed</th><th class=\"num\">timed out</th><th class=\"num\">error rate</th><th class=\"num\">p50 latency</th><th class=\"num\">p95 latency</th><th class=\"num\">p99 latency</th><th class=\"num\">p95 TTFT</th><th class=\"num\">request bytes / run</th><th class=\"num\">response bytes / run</th></tr></thead><tbody>");
        foreach (var (name, st) in steps.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(name)}</code></td><td class=\"num\">{Fmt.Int(st.Count)}</td><td class=\"num\">{Fmt.Int(st.Succeeded)}</td><td class=\"num{(st.Failed > 0 ? " bad" : "")}\">{Fmt.Int(st.Failed)}</td><td class=\"num{(st.TimedOut > 0 ? " bad" : "")}\">{Fmt.Int(st.TimedOut)}</td><td class=\"num{(st.ErrorRate > 0.01 ? " bad" : "")}\">{Fmt.Pct(st.ErrorRate)}</td><td class=\"num\">{Ms(st.LatencyMs, p => p.P50)}</td><td class=\"num\">{Ms(st.LatencyMs, p => p.P95)}</td><td class=\"num\">{Ms(st.LatencyMs, p => p.P99)}</td><td class=\"num\">{Ms(st.TtftMs ?? new Percentiles(), p => p.P95)}</td><td class=\"num\">{(st.Sizes is { } z ? Fmt.Int(z.RequestBytesPerRun) : "–")}</td><td class=\"num\">{(st.Sizes is { } y ? Fmt.Int(y.ResponseBytesPerRun) : "–")}</td></tr>");
        }

        h.Append("</tbody></table></section>");
    }

    private static void GroupTable(StringBuilder h, string kind, IReadOnlyDictionary<string, GroupSummary> groups)
    {
        if (groups.Count == 0)
        {
            return;
        }

        h.Append(CultureInfo.InvariantCulture, $"<table class=\"groups\"><thead><tr><th>{kind}</th><th class=\"num\">sent</th><th class=\"num\">ok</th><th class=\"num\">achieved RPM</th><th class=\"num\">throttle</th><th class=\"num\">errors</th><th class=\"num\">p50 TTFT</th><th class=\"num\">p95 TTFT</th><th class=\"num\">p50 latency</th><th class=\"num\">p95 latency</th><th class=\"num\">p99 latency</th><th class=\"num\">quota tokens</th><th class=\"num\">reserved / consumed</th></tr></thead><tbody>");
        foreach (var (name, g) in groups.OrderByDescending(g => g.Value.Sent))
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(name)}</code></td><td class=\"num\">{Fmt.Int(g.Sent)}</td><td class=\"num\">{Fmt.Int(g.Succeeded)}</td><td class=\"num\">{Fmt.Num(g.AchievedRpm)}</td><td class=\"num{(g.ThrottleRate > 0.01 ? " bad" : "")}\">{Fmt.Pct(g.ThrottleRate)}</td><td class=\"num{(g.ErrorRate > 0.01 ? " bad" : "")}\">{Fmt.Pct(g.ErrorRate)}</td><td class=\"num\">{Ms(g.TtftMs, p => p.P50)}</td><td class=\"num\">{Ms(g.TtftMs, p => p.P95)}</td><td class=\"num\">{Ms(g.LatencyMs, p => p.P50)}</td><td class=\"num\">{Ms(g.LatencyMs, p => p.P95)}</td><td class=\"num\">{Ms(g.LatencyMs, p => p.P99)}</td><td class=\"num\">{Fmt.Compact(g.Tokens.Quota)}</td><td class=\"num{(ReservationPressure.Throttles(g) ? " bad" : "")}\">{ReservationText.Ratio(g)}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    /// <summary>The sessions, thinking and tools section: only when some workload had one of them.</summary>
    private static void Features(StringBuilder h, IReadOnlyDictionary<string, GroupSummary> workloads)
    {
        var groups = FeatureText.Groups(workloads);
        if (groups.Count == 0)
        {
            return;
        }

        Section(h, "features", FeatureText.Title, "Per workload: time to first visible token (after any thinking) beside TTFT, what thinking took of the quota, how long sessions ran and what the prompt cache served of each turn's input.");
        h.Append("<div class=\"scroll\"><table id=\"features-table\" class=\"groups\"><thead><tr><th>Workload</th>");
        foreach (var column in FeatureText.Columns)
        {
            h.Append("<th class=\"num\">").Append(E(column)).Append("</th>");
        }

        h.Append("</tr></thead><tbody>");
        foreach (var (name, g) in groups)
        {
            h.Append("<tr><td><code>").Append(E(name)).Append("</code></td>");
            foreach (var cell in FeatureText.Cells(g))
            {
                h.Append("<td class=\"num\">").Append(E(cell)).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</tbody></table></div>");
        var charts = groups.Where(g => g.Value.Features?.CacheReadShare is { ByTurn.Count: > 0 }).ToList();
        if (charts.Count > 0)
        {
            h.Append("<div class=\"grid2 turn-charts\">");
            for (var i = 0; i < charts.Count; i++)
            {
                var (name, g) = charts[i];
                var chart = new TurnShareChart(string.Create(CultureInfo.InvariantCulture, $"chart-cache-turns-{i}"), $"Cache-read share by turn, {name}", Teal);
                h.Append("<figure><figcaption>Cache-read share by turn · <code>").Append(E(name)).Append("</code></figcaption>")
                    .Append(chart.Render(g.Features!.CacheReadShare!.ByTurn)).Append("</figure>");
            }

            h.Append("</div>");
        }

        h.Append("</section>");
    }

    private static string Ms(Percentiles p, Func<Percentiles, double> pick) => p.Count == 0 ? "–" : Fmt.Ms(pick(p));

    private static void ErrorCodeTable(StringBuilder h, IReadOnlyDictionary<string, long> codes)
    {
        var rows = codes.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        h.Append("<h3>Error codes</h3><table id=\"error-codes\"><thead><tr><th>Error code</th><th>Requests</th><th>Meaning</th></tr></thead><tbody>");
        foreach (var (code, count) in rows)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(code)}</code></td><td class=\"num\">{Fmt.Int(count)}</td><td>{E(ErrorCodeText.Describe(code))}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void PhaseTable(StringBuilder h, IReadOnlyList<PhaseWindow> phases)
    {
        h.Append("<div><h3>Phases</h3>");
        if (phases.Count == 0)
        {
            h.Append("<p class=\"note\">No phases recorded.</p></div>");
            return;
        }

        h.Append("<table><thead><tr><th>#</th><th>Phase</th><th>From</th><th>To</th></tr></thead><tbody>");
        foreach (var p in phases)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{p.Index}</td><td><b>{E(p.Kind)}</b> {E(p.Description)}</td><td>{Fmt.Clock(p.StartSeconds)}</td><td>{Fmt.Clock(p.EndSeconds)}</td></tr>");
        }

        h.Append("</tbody></table></div>");
    }

    private static void Settings(StringBuilder h, RunSummary s)
    {
        var st = s.Settings;
        h.Append("<div><h3>Run settings</h3><table class=\"kv\"><tbody>");
        void Row(string k, string v) => h.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(k)}</th><td>{v}</td></tr>");
        Row("Scenario", $"<code>{E(s.Scenario)}</code> from <code>{E(st.ConfigFile)}</code>");
        Row("Target", E(st.Target) + (st.Endpoint is null ? "" : $" <code>{E(st.Endpoint)}</code>"));
        Row("Region", E(st.Region));
        Row("Retry", E(RetryText.Profile(st)) + (RetryText.AttemptsPerRequest(s.Requests) is { } perRequest ? $" · {Fmt.Num(perRequest)} attempts per request" : ""));
        Row("Max in flight", Fmt.Int(st.MaxInFlight));
        Row("Seed · duration scale", $"{st.Seed} · {Fmt.Invariant(st.DurationScale)}");
        if (s.Harness is { } harness)
        {
            var verdict = harness.Saturated ? "<b class=\"bad\">saturated</b>" : "not saturated";
            Row("Harness", $"{verdict} · {E(HarnessText.Figures(harness))}");
        }
        if (st.Mix.Count > 0)
        {
            Row("Workload mix", string.Join(", ", st.Mix.Select(m => $"{E(m.Key)} {Fmt.Invariant(m.Value)}")));
        }

        foreach (var (model, l) in st.Models)
        {
            Row("Quota " + model, $"TPM {(l.Tpm is { } t ? Fmt.Compact(t) : "–")} · RPM {(l.Rpm is { } r ? Fmt.Compact(r) : "–")} · TPD {(l.Tpd is { } d ? Fmt.Compact(d) : "–")} · burndown {Fmt.Invariant(l.Burndown)}×");
        }

        Row("Tokens", $"in {Fmt.Compact(s.Tokens.Input)} · out {Fmt.Compact(s.Tokens.Output)} · cache read {Fmt.Compact(s.Tokens.CacheRead)} · cache write {Fmt.Compact(s.Tokens.CacheWrite)} · quota {Fmt.Compact(s.Tokens.Quota)}");
        h.Append("</tbody></table></div>");
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    // Runs first: records any script error into the DOM so a headless check (--dump-dom) sees it.
    private const string ErrorTrap = """
        window.__reportErrors=[];window.addEventListener('error',function(e){window.__reportErrors.push(String(e.message||e));document.documentElement.setAttribute('data-errors',window.__reportErrors.join(' | '));});
        """;

    private const string Script = """
        (function(){
          var tip=document.getElementById('tip');
          function fmt(v,f){if(v===null||v===undefined)return '–';
            if(f==='milliseconds')return v>=1000?(v/1000).toFixed(2)+' s':Math.round(v)+' ms';
            if(f==='compact')return v>=1e6?(v/1e6).toFixed(2)+'M':v>=1e4?(v/1e3).toFixed(1)+'k':String(Math.round(v*10)/10);
            return String(Math.round(v*10)/10);}
          function clock(s){var m=Math.floor(s/60),r=s%60;return m+':'+(r<10?'0':'')+r;}
          var charts=document.querySelectorAll('svg.time-chart');
          charts.forEach(function(svg){
            var d=JSON.parse(svg.getAttribute('data-hover'));
            var left=+svg.dataset.left,width=+svg.dataset.width,xmax=+svg.dataset.xmax;
            var cross=svg.querySelector('.crosshair');
            svg.addEventListener('mousemove',function(ev){
              var box=svg.getBoundingClientRect(),scale=box.width/svg.viewBox.baseVal.width;
              var x=(ev.clientX-box.left)/scale;var sec=Math.floor((x-left)/width*xmax);
              if(sec<0||sec>=xmax){cross.setAttribute('visibility','hidden');tip.hidden=true;return;}
              var cx=left+(sec+0.5)/xmax*width;cross.setAttribute('x1',cx);cross.setAttribute('x2',cx);cross.setAttribute('visibility','visible');
              var html='<b>'+clock(sec)+'</b>';
              d.series.forEach(function(s){html+='<div><i style="background:'+s.color+'"></i>'+s.name+': '+fmt(s.values[sec],d.format)+'</div>';});
              tip.innerHTML=html;tip.hidden=false;
              var tx=ev.clientX+14,ty=ev.clientY+14;if(tx+tip.offsetWidth>window.innerWidth-8)tx=ev.clientX-tip.offsetWidth-14;
              tip.style.left=tx+'px';tip.style.top=ty+'px';});
            svg.addEventListener('mouseleave',function(){cross.setAttribute('visibility','hidden');tip.hidden=true;});
          });
          // A chart counts as rendered when it drew marks with a real size on the page.
          var rendered=0;
          document.querySelectorAll('svg.chart').forEach(function(svg){
            var box=svg.getBoundingClientRect();var marks=svg.querySelectorAll('path.series, rect.bar');
            var drawn=Array.prototype.some.call(marks,function(m){var b=m.getBBox();return b.width>0||b.height>0;});
            if(box.width>0&&box.height>0&&drawn){rendered++;svg.setAttribute('data-rendered','true');}
          });
          document.documentElement.setAttribute('data-charts',String(document.querySelectorAll('svg.chart').length));
          document.documentElement.setAttribute('data-charts-rendered',String(rendered));
        })();
        """;

    private const string Css = """
        :root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--good:#16a34a;--bad:#dc2626;--warn:#d97706}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-font-smoothing:antialiased}
        main{max-width:1280px;margin:0 auto;padding:28px 28px 40px}
        header{display:flex;justify-content:space-between;align-items:flex-end;margin-bottom:18px}
        .eyebrow{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);font-weight:600}
        h1{font-size:28px;margin:2px 0 4px;font-weight:700;letter-spacing:-.01em}
        h2{font-size:17px;margin:0 0 2px}
        h3{font-size:14px;margin:4px 0 8px;color:#334155}
        .meta{color:var(--muted);margin:0}
        .badge{font-size:13px;vertical-align:middle;padding:3px 10px;border-radius:999px;font-weight:600;text-transform:uppercase;letter-spacing:.05em}
        .badge.good,.pill.good{background:#dcfce7;color:#166534}.badge.bad,.pill.bad{background:#fee2e2;color:#991b1b}
        .pill{font-size:11px;padding:2px 8px;border-radius:999px;font-weight:700;text-transform:uppercase}
        .saturation{background:#fff7ed;border:2px solid #ea580c}.saturation h2{color:#9a3412}
        b.bad{color:var(--bad)}
        .alert{background:#fef3c7;border:1px solid #fcd34d;padding:6px 10px;border-radius:6px;margin:8px 0 0}
        .kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));gap:10px;margin-bottom:18px}
        .kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px;border-top:3px solid #cbd5e1}
        .kpi.good{border-top-color:var(--good)}.kpi.bad{border-top-color:var(--bad)}.kpi.warn{border-top-color:var(--warn)}
        .kpi .label{font-size:12px;color:var(--muted);font-weight:600}
        .kpi .value{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums;margin:2px 0}
        .kpi .detail{font-size:12px;color:var(--muted)}
        section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin-bottom:16px}
        .lead{color:var(--muted);margin:0 0 12px}
        .note{color:var(--muted);font-style:italic}
        .grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:18px}
        figure{margin:0}figcaption{font-weight:600;margin-bottom:2px}
        .legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:#334155;margin:2px 0 2px}
        .legend i{display:inline-block;width:14px;height:3px;border-radius:2px;vertical-align:middle;margin-right:5px}
        .legend i.dashed{background-image:linear-gradient(90deg,transparent 50%,#fff 50%)!important;background-size:6px 3px}
        svg.chart{width:100%;height:auto;display:block;overflow:visible}
        svg .band{fill:#f1f5f9}svg .band.alt{fill:#e8eef6}
        svg .saturated{fill:#dc2626;opacity:.14}
        svg .band-label{font-size:10.5px;fill:#475569;font-weight:600}
        svg .phase-edge{stroke:#94a3b8;stroke-width:1;stroke-dasharray:2 3}
        svg .grid{stroke:#e2e8f0;stroke-width:1}svg .axis{stroke:#94a3b8;stroke-width:1}
        svg .tick{font-size:11px;fill:#64748b;font-variant-numeric:tabular-nums}svg .tick.y{text-anchor:end}svg .tick.x{text-anchor:middle}
        svg .tick-mark{stroke:#94a3b8}
        svg .series{fill:none;stroke-linejoin:round;stroke-linecap:round}
        svg .area{opacity:.12;stroke:none}
        svg .rule{stroke-width:1.5}svg .rule-label{font-size:11px;text-anchor:end;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px}
        svg .crosshair{stroke:#0f172a;stroke-width:1;opacity:.35}
        svg .marker{stroke:#0f172a;stroke-dasharray:3 3;opacity:.6}svg .marker-label{font-size:11px;fill:#0f172a;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px}
        svg .bar-name{font-size:12px;text-anchor:end;fill:#334155}svg .bar-value{font-size:12px;fill:#475569;font-variant-numeric:tabular-nums}
        svg .empty{font-size:13px;fill:#94a3b8;text-anchor:middle}
        table{width:100%;border-collapse:collapse;font-size:13px;margin-top:10px}
        th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        thead th{font-size:12px;color:var(--muted);font-weight:600;background:#f8fafc}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.bad{color:var(--bad);font-weight:600}.muted{color:var(--muted)}
        table.kv th{width:34%;color:#334155;font-weight:600;background:none}
        tr.fail td{background:#fff5f5}
        .scroll{overflow-x:auto}#features-table th.num{white-space:normal}.turn-charts figure{max-width:640px}
        code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f5f9;padding:1px 5px;border-radius:4px}
        footer{color:var(--muted);font-size:12px;text-align:center;margin-top:8px}
        .tip{position:fixed;z-index:10;background:#0f172a;color:#f8fafc;font-size:12px;padding:8px 10px;border-radius:6px;pointer-events:none;box-shadow:0 4px 16px rgba(0,0,0,.2);font-variant-numeric:tabular-nums}
        .tip i{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:6px}
        @media print{body{background:#fff}section{break-inside:avoid}}
        """;
}
