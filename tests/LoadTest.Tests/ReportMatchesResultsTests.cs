using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoadTest.Reports;
using LoadTest.Results;

namespace LoadTest.Cli.Tests;

/// <summary>
/// One real run on the built-in emulator: what report.html and report.md show over time and as
/// percentiles is exactly what the recorder stored in the result files, not a re-derivation.
/// </summary>
public sealed class ReportMatchesResultsTests
{
    private const string Config = """
        target: { kind: emulator, region: us-east-1, retry: { mode: none }, timeout: 10s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000 }
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1]
          latencyScale: 0.02
        workloads:
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: converse-stream
            inputTokens: { fixed: 200 }
            outputTokens: { mean: 30, p95: 55 }
            maxTokens: 64
        scenarios:
          - name: stored
            mix: { chat: 1 }
            load:
              - constant: { rpm: 600, during: 2s }
              - ramp: { fromRpm: 600, toRpm: 1200, during: 2s }
        """;

    [Fact]
    public async Task Per_second_series_and_percentiles_in_both_reports_equal_the_result_files()
    {
        var root = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "scenarios.yaml");
        await File.WriteAllTextAsync(config, Config);
        var outDir = Path.Combine(root, "out");

        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["run", "--config", config, "--scenario", "stored", "--out", outDir], new StringWriter(), stderr);

        Assert.True(code == 0, stderr.ToString());
        var folder = ResultsDirectory.Existing(outDir);
        var summary = folder.ReadSummary();
        var rows = folder.ReadTimeseries()!;
        Assert.True(rows.Count >= 4);
        Assert.True(summary.LatencyMs.Count > 20);
        var html = await File.ReadAllTextAsync(Path.Combine(outDir, HtmlReport.FileName));
        var md = await File.ReadAllTextAsync(Path.Combine(outDir, MarkdownReport.FileName));

        // The charts over time draw the stored columns, second by second.
        static double? Idle(TimeseriesRow r, double v) => r.Ok + r.Throttled + r.Failed == 0 ? null : Math.Round(v, 1);
        AssertSeries(html, "chart-latency", "p50", rows.Select(r => Idle(r, r.LatencyP50Ms)));
        AssertSeries(html, "chart-latency", "p95", rows.Select(r => Idle(r, r.LatencyP95Ms)));
        AssertSeries(html, "chart-latency", "p99", rows.Select(r => Idle(r, r.LatencyP99Ms)));
        AssertSeries(html, "chart-ttft", "p95", rows.Select(r => r.TtftP95Ms > 0 ? Idle(r, r.TtftP95Ms) : null));
        AssertSeries(html, "chart-load", "started (achieved)", rows.Select(r => (double?)r.Started));
        AssertSeries(html, "chart-tpm", "quota tokens / min (after burndown)", rows.Select(r => (double?)Math.Round(r.QuotaTpm!.Value, 1)));
        AssertSeries(html, "chart-rpm", "requests started / min", rows.Select(r => (double?)Math.Round(r.Rpm!.Value, 1)));

        // The summary's peak TPM is the stored per-second series' peak (one derivation), and both reports show it.
        Assert.Equal(Math.Max(summary.QuotaTpm.Mean, rows.Max(r => r.QuotaTpm!.Value)), summary.QuotaTpm.Peak);
        Assert.Contains($"| {Fmt.Compact(summary.QuotaTpm.Mean)} | {Fmt.Compact(summary.QuotaTpm.Peak)} |", md, StringComparison.Ordinal);
        Assert.Contains($"| {Fmt.Compact(rows.Max(r => r.Rpm!.Value))} |", md, StringComparison.Ordinal);

        // The percentile tables show the summary's percentiles.
        foreach (var (mdName, htmlName, p) in new[] { ("latency", "Latency", summary.LatencyMs), ("TTFT", "TTFT", summary.TtftMs) })
        {
            Assert.Contains($"| {mdName} | {Fmt.Int(p.Count)} | {Fmt.Ms(p.P50)} | {Fmt.Ms(p.P90)} | {Fmt.Ms(p.P95)} | {Fmt.Ms(p.P99)} | {Fmt.Ms(p.P999)} | {Fmt.Ms(p.Max)} |", md, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode($"<tr><td>{htmlName}</td><td class=\"num\">{Fmt.Int(p.Count)}</td><td class=\"num\">{Fmt.Ms(p.P50)}</td><td class=\"num\">{Fmt.Ms(p.P90)}</td><td class=\"num\">{Fmt.Ms(p.P95)}</td>"), WebUtility.HtmlEncode(html), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("run-note", html, StringComparison.Ordinal);
        Assert.DoesNotContain("**Note:**", md, StringComparison.Ordinal);
    }

    private static void AssertSeries(string html, string chart, string name, IEnumerable<double?> expected)
    {
        var match = HoverData(chart).Match(html);
        Assert.True(match.Success, $"no chart {chart} in report.html");
        using var hover = JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups["json"].Value));
        var series = hover.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        var drawn = series.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToList();
        Assert.Equal(expected.ToList(), drawn);
    }

    private static Regex HoverData(string chart) => new($"<svg id=\"{Regex.Escape(chart)}\"[^>]*data-hover=\"(?<json>[^\"]*)\"", RegexOptions.CultureInvariant);
}
