using System.Text.Json.Nodes;
using LoadTest.Results;

namespace LoadTest.Reports.Tests;

/// <summary>How the reports show summary.json's harness section, and that older summaries without one still read.</summary>
public sealed class SaturationReportTests
{
    private static readonly HarnessSummary Saturated = new()
    {
        Saturated = true,
        Periods =
        [
            new SaturationPeriod(120, 135, 480, 0.62, "thread-pool dispatch lag up to 480 ms (threshold 10 ms)"),
            new SaturationPeriod(250, 252, 14, 0.97, "timer lag up to 14 ms (threshold 10 ms); process CPU up to 97 % of 2 cores (threshold 95 %)"),
        ],
        LagMs = new Percentiles { Count = 6000, P50 = 0.4, P99 = 312, Max = 480 },
        Cpu = new CpuUse(0.41, 0.97),
        Cores = 2,
        SampleIntervalMs = 50,
        LagThresholdMs = 10,
        CpuThreshold = 0.95,
    };

    private static string NewDir() => Directory.CreateTempSubdirectory("loadtest-saturation-").FullName;

    private static string RepoDir(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoadTest.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new DirectoryNotFoundException(name);
    }

    [Fact]
    public void Saturated_periods_are_a_warning_box_in_html_shaded_on_every_time_chart_and_a_warning_paragraph_in_markdown()
    {
        var dir = NewDir();
        var (summary, rows) = SyntheticRun.Build();
        ReportWriter.WriteAll(dir, summary with { Harness = Saturated, Passed = true }, rows);

        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var box = html[html.IndexOf("<section id=\"harness-saturated\"", StringComparison.Ordinal)..];
        box = box[..box.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("Harness saturated", box, StringComparison.Ordinal);
        Assert.Contains("<td>2:00–2:15</td><td class=\"num\">15 s</td><td class=\"num\">480 ms</td>", box, StringComparison.Ordinal);
        Assert.Contains("<td>4:10–4:12</td>", box, StringComparison.Ordinal);
        Assert.Contains("process CPU up to 97 % of 2 cores", box, StringComparison.Ordinal);

        // Above the figures it qualifies, and each period shaded on the five time charts.
        Assert.True(html.IndexOf("id=\"harness-saturated\"", StringComparison.Ordinal) < html.IndexOf("class=\"kpis\"", StringComparison.Ordinal));
        Assert.Equal(5 * 2, CountOf(html, "<rect class=\"saturated\""));
        Assert.Contains("<th>Harness</th><td><b class=\"bad\">saturated</b> · lag p50 0.4 ms &#183; p99 312 ms &#183; max 480 ms &#183; CPU mean 41%", html, StringComparison.Ordinal);

        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("> ⚠️ **Harness saturated.** The harness was saturated for 17 s of the run, in 2 periods:", md, StringComparison.Ordinal);
        Assert.Contains("> - 2:00–2:15 (15 s): thread-pool dispatch lag up to 480 ms (threshold 10 ms)", md, StringComparison.Ordinal);
        Assert.Contains("> - 4:10–4:12 (2 s): timer lag up to 14 ms", md, StringComparison.Ordinal);
        Assert.True(md.IndexOf("Harness saturated", StringComparison.Ordinal) < md.IndexOf("### Gates", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_that_was_not_saturated_shows_the_harness_figures_and_no_warning()
    {
        var dir = NewDir();
        var (summary, rows) = SyntheticRun.Build();
        ReportWriter.WriteAll(dir, summary with { Harness = Saturated with { Saturated = false, Periods = [] } }, rows);

        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.DoesNotContain("harness-saturated", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"saturated\"", html, StringComparison.Ordinal);
        Assert.Contains("<th>Harness</th><td>not saturated · lag p50 0.4 ms", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Harness saturated", md, StringComparison.Ordinal);
        Assert.Contains("Harness: not saturated · lag p50 0.4 ms", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_written_before_the_harness_was_measured_reads_renders_and_compares()
    {
        // A result written by an older version (the first committed example, schema 1): no harness section.
        var example = RepoDir("tests/Fixtures/diwali-schema1");
        Assert.Null(JsonNode.Parse(File.ReadAllText(Path.Combine(example, "summary.json")))!["harness"]);
        var dir = NewDir();
        foreach (var file in new[] { "summary.json", "timeseries.csv" })
        {
            File.Copy(Path.Combine(example, file), Path.Combine(dir, file));
        }

        var old = RunReader.Load(dir);
        Assert.Null(old.Summary.Harness);
        Assert.True(old.Summary.Requests.Sent > 0);

        ReportWriter.Regenerate(dir);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.DoesNotContain("harness-saturated", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<th>Harness</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Harness", File.ReadAllText(Path.Combine(dir, "report.md")), StringComparison.Ordinal);

        var rows = RunComparison.Build(old.Summary, old.Summary with { Harness = Saturated });
        Assert.NotEmpty(rows);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
