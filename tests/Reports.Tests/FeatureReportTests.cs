using System.Xml.Linq;
using LoadTest.Results;
using LoadTest.Scenarios.Gates;

namespace LoadTest.Reports.Tests;

/// <summary>
/// Sessions, thinking, tools and cache reads per turn in every report, read from the summary as
/// written; a run without them shows none of it.
/// </summary>
public sealed class FeatureReportTests
{
    private static readonly RequestFeatures Agent = new()
    {
        Thinking = new ThinkingUse { Tokens = 48_000, PerRequest = 1_200, QuotaShare = 0.4 },
        Sessions = new SessionUse { Count = 40, TurnsMean = 4.5, TurnsP95 = 9, ToolCallsPerSession = 1.75 },
        ToolCalls = 70,
        CacheReadShare = new CacheReadShare { Overall = 0.62, ByTurn = [new(1, 0, 40), new(2, 0.55, 38), new(20, 0.93, 2)] },
    };

    /// <summary>The text from <paramref name="start"/> up to the next <paramref name="end"/>.</summary>
    private static string Between(string text, string start, string end)
    {
        var from = text[text.IndexOf(start, StringComparison.Ordinal)..];
        return from[..from.IndexOf(end, StringComparison.Ordinal)];
    }

    private static string NewDir() => Directory.CreateTempSubdirectory("loadtest-features-").FullName;

    /// <summary>The synthetic run with thinking, sessions and caching on its support-chat workload.</summary>
    internal static RunSummary WithAgent()
    {
        var (summary, _) = SyntheticRun.Build();
        var chat = summary.ByWorkload["support-chat"] with
        {
            TtfvtMs = new Percentiles { Count = 100, P50 = 2_100, P95 = 3_400, P99 = 4_000 },
            Features = Agent,
            Tokens = new TokenTotals { Quota = 1_000_000, Requests = 250 },
        };
        return summary with
        {
            TtfvtMs = new Percentiles { Count = 100, P50 = 2_100, P95 = 3_400, P99 = 4_000 },
            Features = Agent,
            ByWorkload = new Dictionary<string, GroupSummary> { ["support-chat"] = chat, ["doc-summary"] = summary.ByWorkload["doc-summary"] },
        };
    }

    [Fact]
    public void Markdown_and_html_show_the_figures_of_the_workload_that_has_them()
    {
        var dir = NewDir();
        ReportWriter.WriteAll(dir, WithAgent(), SyntheticRun.Build().Timeseries);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));

        Assert.Contains("### Sessions, thinking and tools", md, StringComparison.Ordinal);
        var section = Between(md, "### Sessions, thinking and tools", "\n### ");

        // p95 TTFVT, thinking per request and share, quota per request, sessions, turns, tool calls, cache reads, no embeddings.
        Assert.Contains("| `support-chat` | ", section, StringComparison.Ordinal);
        Assert.Contains(" | 3.40 s | 1,200 | 40% | 4,000 | 40 | 4.5 · 9 | 70 · 1.8 / session | 62% | – |", section, StringComparison.Ordinal);
        Assert.DoesNotContain("doc-summary", section, StringComparison.Ordinal);
        Assert.Contains("Cache-read share by turn, `support-chat`: 1: 0% · 2: 55% · 20+: 93%", md, StringComparison.Ordinal);
        Assert.Contains("| TTFVT (first visible token) | 100 |", md, StringComparison.Ordinal);

        Assert.Contains("<section id=\"features\">", html, StringComparison.Ordinal);
        var features = Between(html, "<section id=\"features\">", "</section>");
        Assert.Contains("<td class=\"num\">40%</td>", features, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">3.40 s</td>", features, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-cache-turns-0\"", features, StringComparison.Ordinal);
        Assert.Contains("turn 20+: 93% of input tokens read from cache (2 requests)", features, StringComparison.Ordinal);
        Assert.DoesNotContain("doc-summary", features, StringComparison.Ordinal);
        Assert.Contains("TTFVT (first visible token)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_sessions_thinking_or_tools_shows_none_of_it()
    {
        var dir = NewDir();
        var (summary, rows) = SyntheticRun.Build();
        ReportWriter.WriteAll(dir, summary, rows);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var junit = File.ReadAllText(Path.Combine(dir, "junit.xml"));

        Assert.DoesNotContain("Sessions, thinking and tools", md, StringComparison.Ordinal);
        Assert.DoesNotContain("TTFVT", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Sessions, thinking and tools", html, StringComparison.Ordinal);
        Assert.DoesNotContain("chart-cache-turns", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<properties>", junit, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_puts_thinking_off_and_on_side_by_side()
    {
        var (off, _) = SyntheticRun.Build();
        off = off with { TtfvtMs = off.TtftMs, Tokens = off.Tokens with { Requests = 200 } };
        var on = WithAgent() with { Tokens = off.Tokens with { Quota = off.Tokens.Quota * 3, Requests = 200 } };

        var rows = RunComparison.Build(off, on);

        var share = Assert.Single(rows, r => r.Metric == "thinking_share");
        Assert.Null(share.A);
        Assert.Equal(0.4, share.B);
        var ttfvt = Assert.Single(rows, r => r.Metric == "p95(ttfvt)");
        Assert.Equal(off.TtftMs.P95, ttfvt.A);
        Assert.Equal(3_400, ttfvt.B);
        var perRequest = Assert.Single(rows, r => r.Metric == "quota tokens per request");
        Assert.Equal(off.Tokens.Quota / 200.0, perRequest.A);
        Assert.Equal(3 * off.Tokens.Quota / 200.0, perRequest.B!.Value, 6);
        Assert.True(perRequest.Worse);

        // Three times the quota tokens for the same traffic is a volume, judged neither better nor worse.
        var quota = Assert.Single(rows, r => r.Metric == "quota tokens");
        Assert.Equal(2.0, quota.Relative!.Value, 6);
        Assert.False(quota.Worse || quota.Better);
        Assert.Single(rows, r => r.Metric == "throttle_rate");
        Assert.Equal(0.62, Assert.Single(rows, r => r.Metric == "cache_read_share").B);
        Assert.Equal(4.5, Assert.Single(rows, r => r.Metric == "turns_per_session").B);

        var text = RunComparison.Render(new ComparedRun("off", off), new ComparedRun("on", on), rows, markdown: true);
        Assert.Contains("| thinking_share | – | 40% |", text, StringComparison.Ordinal);
        var quotaLine = text.Split('\n').Single(l => l.StartsWith("| quota tokens |", StringComparison.Ordinal));
        Assert.DoesNotContain("better", quotaLine, StringComparison.Ordinal);
        Assert.DoesNotContain("worse", quotaLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_figures_in_either_run_compare_adds_no_rows_for_them()
    {
        var (a, _) = SyntheticRun.Build();
        var rows = RunComparison.Build(a, a);

        Assert.DoesNotContain(rows, r => r.Metric.Contains("ttfvt", StringComparison.Ordinal) || r.Metric.Contains("thinking", StringComparison.Ordinal) || r.Metric.Contains("session", StringComparison.Ordinal) || r.Metric == "quota tokens per request");
    }

    [Fact]
    public void Junit_carries_the_figures_as_suite_properties_named_like_gates()
    {
        var summary = WithAgent();
        var xml = XDocument.Parse(JunitReport.Render(summary, []));
        var properties = xml.Descendants("property").ToDictionary(p => p.Attribute("name")!.Value, p => p.Attribute("value")!.Value);

        Assert.Equal("3400", properties["p95(ttfvt){workload:support-chat}"]);
        Assert.Equal("0.4", properties["thinking_share{workload:support-chat}"]);
        Assert.Equal("0.62", properties["cache_read_share"]);
        Assert.Equal("1.75", properties["tool_calls_per_session{workload:support-chat}"]);
        Assert.Equal("4.5", properties["turns_per_session"]);
        Assert.DoesNotContain(properties.Keys, k => k.Contains("doc-summary", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("p95(ttfvt){workload:support-chat} < 3s", false, 3.4)]
    [InlineData("p95(ttfvt){workload:support-chat} < 4s", true, 3.4)]
    [InlineData("thinking_share < 0.5", true, 40)]
    [InlineData("thinking_share{workload:support-chat} < 40%", false, 40)]
    [InlineData("cache_read_share{workload:support-chat} > 60%", true, 62)]
    [InlineData("tool_calls_per_session{workload:support-chat} <= 1.5", false, 1.75)]
    [InlineData("turns_per_session >= 4", true, 4.5)]
    public void The_new_gates_pass_and_fail_on_the_summarys_figures(string expression, bool passes, double actual)
    {
        var result = GateEvaluator.Evaluate([GateParser.Parse(expression)], WithAgent()).Single();

        Assert.Equal(passes, result.Passed);
        Assert.Equal(actual, result.Actual!.Value, 6);
    }

    [Theory]
    [InlineData("thinking_share{workload:doc-summary} < 50%", "no request of workload 'doc-summary' reported thinking tokens")]
    [InlineData("cache_read_share{workload:doc-summary} > 60%", "no request of workload 'doc-summary' read or wrote the prompt cache")]
    [InlineData("turns_per_session{workload:doc-summary} < 10", "workload 'doc-summary' had no multi-turn sessions")]
    [InlineData("p95(ttfvt){workload:doc-summary} < 3s", "no time-to-first-visible-token samples")]
    public void A_workload_without_the_feature_fails_the_gate_and_says_why(string expression, string reason)
    {
        var result = GateEvaluator.Evaluate([GateParser.Parse(expression)], WithAgent()).Single();

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
    }
}
