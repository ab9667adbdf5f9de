using System.Text.RegularExpressions;
using LoadTest.Scenarios.Gates;

namespace LoadTest.Reports.Tests;

/// <summary>Opens report.html in headless Chromium: the charts must really draw, with no script errors.</summary>
public sealed class HtmlReportBrowserTests
{
    /// <summary>A fixed place so a person can open the example and its screenshot after the test run.</summary>
    private static readonly string ExampleDir = Path.Combine(Path.GetTempPath(), "loadtest-example-diwali");

    [Fact]
    public async Task Charts_render_in_headless_chromium_without_script_errors()
    {
        if (Directory.Exists(ExampleDir))
        {
            Directory.Delete(ExampleDir, recursive: true);
        }

        var (summary, _) = SyntheticRun.Build();
        var gates = GateEvaluator.Evaluate(
            new[] { "p95(ttft) < 2s", "throttle_rate < 1%", "quota_utilization <= 80%", "p99(latency){workload:support-chat} < 5s" }.Select(GateParser.Parse),
            summary);
        SyntheticRun.WriteDataFiles(ExampleDir, gates: gates);
        ReportWriter.Regenerate(ExampleDir);
        var html = Path.Combine(ExampleDir, HtmlReport.FileName);

        var dom = await HeadlessChromium.DumpDomAsync(html);

        var charts = int.Parse(Attribute(dom, "data-charts"), System.Globalization.CultureInfo.InvariantCulture);
        var rendered = int.Parse(Attribute(dom, "data-charts-rendered"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(charts >= 9, $"expected at least 9 charts, the page has {charts}");
        Assert.Equal(charts, rendered);
        Assert.DoesNotMatch("<html[^>]*data-errors=", dom);

        // The load chart draws its lines with many points, not an empty path.
        var loadChart = Regex.Match(dom, "<svg id=\"chart-load\".*?</svg>", RegexOptions.Singleline).Value;
        var longest = Regex.Matches(loadChart, "<path class=\"series\" d=\"([^\"]+)\"").Max(m => m.Groups[1].Value.Split('L').Length);
        Assert.True(longest > 250, $"load chart path has only {longest} points");
        Assert.Contains("70 % alarm", dom, StringComparison.Ordinal);
        Assert.Contains("spike 5x", dom, StringComparison.Ordinal);

        // Nothing on the page may reach the network.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", dom);

        var png = Path.Combine(ExampleDir, "report.png");
        await HeadlessChromium.ScreenshotAsync(html, png);
        Assert.True(new FileInfo(png).Length > 50_000, "the screenshot is suspiciously small");
    }

    [Fact]
    public async Task A_run_without_samples_still_renders_cleanly()
    {
        var dir = Directory.CreateTempSubdirectory("loadtest-empty-").FullName;
        var empty = new LoadTest.Results.RunSummary { Scenario = "smoke", Completed = false, StopReason = "target failed: connection refused" };
        ReportWriter.WriteAll(dir, empty, []);

        var dom = await HeadlessChromium.DumpDomAsync(Path.Combine(dir, HtmlReport.FileName));

        Assert.DoesNotMatch("<html[^>]*data-errors=", dom);
        Assert.Contains("connection refused", dom, StringComparison.Ordinal);
        Assert.Contains("no samples", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cache_read_share_by_turn_chart_draws()
    {
        var dir = Directory.CreateTempSubdirectory("loadtest-features-").FullName;
        ReportWriter.WriteAll(dir, FeatureReportTests.WithAgent(), SyntheticRun.Build().Timeseries);

        var dom = await HeadlessChromium.DumpDomAsync(Path.Combine(dir, HtmlReport.FileName));

        Assert.DoesNotMatch("<html[^>]*data-errors=", dom);
        Assert.Matches("<svg id=\"chart-cache-turns-0\"[^>]*data-rendered=\"true\"", dom);
        Assert.Equal(Attribute(dom, "data-charts"), Attribute(dom, "data-charts-rendered"));
    }

    private static string Attribute(string dom, string name)
    {
        var m = Regex.Match(dom, name + "=\"(\\d+)\"");
        Assert.True(m.Success, $"the page's script did not set {name}: it did not run");
        return m.Groups[1].Value;
    }
}
