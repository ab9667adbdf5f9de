using System.Xml.Linq;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Scenarios.Gates;
using LoadTest.Results;

namespace LoadTest.Reports.Tests;

public sealed class ReportWriterTests
{
    private static string NewDir() => Directory.CreateTempSubdirectory("loadtest-report-").FullName;

    [Fact]
    public void Regenerate_writes_every_report_from_the_data_files()
    {
        var dir = NewDir();
        SyntheticRun.WriteDataFiles(dir);

        var written = ReportWriter.Regenerate(dir).Select(Path.GetFileName).ToList();

        Assert.Equal(["report.html", "report.md", "junit.xml"], written);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<svg id=\"chart-tpm\"", html, StringComparison.Ordinal);
        Assert.Contains("ap-southeast-1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://127.0.0.1:5599", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_never_write_result_files_and_say_when_the_per_second_file_is_missing()
    {
        var dir = NewDir();
        var (summary, rows) = SyntheticRun.Build();

        ReportWriter.WriteAll(dir, summary, rows);

        Assert.False(new ResultsDirectory(dir).HasTimeseries);
        Assert.Contains($"no {ResultsDirectory.TimeseriesFile}", File.ReadAllText(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
        Assert.Contains($"no {ResultsDirectory.TimeseriesFile}", File.ReadAllText(Path.Combine(dir, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_has_the_essentials_as_tables()
    {
        var dir = NewDir();
        var (summary, rows) = SyntheticRun.Build();
        var gates = GateEvaluator.Evaluate([GateParser.Parse("p95(ttft) < 2s"), GateParser.Parse("throttle_rate < 1%")], summary);
        ReportWriter.WriteAll(dir, summary with { Gates = gates, Passed = false }, rows);

        var md = File.ReadAllText(Path.Combine(dir, "report.md"));

        Assert.Contains("❌ failed", md, StringComparison.Ordinal);
        Assert.Contains("| ❌ | `throttle_rate < 1%` |", md, StringComparison.Ordinal);
        Assert.Contains("| ✅ | `p95(ttft) < 2s` |", md, StringComparison.Ordinal);
        Assert.Contains("### Per workload", md, StringComparison.Ordinal);
        Assert.Contains("| `support-chat` |", md, StringComparison.Ordinal);
        Assert.Contains("### Inference Regions", md, StringComparison.Ordinal);
        Assert.Contains("| TPM limit |", md.Replace(" TPM limit |", "| TPM limit |", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Junit_has_one_case_per_gate_and_failures_name_gate_actual_and_threshold()
    {
        var (summary, _) = SyntheticRun.Build();
        var gates = GateEvaluator.Evaluate([GateParser.Parse("p95(ttft) < 2s"), GateParser.Parse("throttle_rate < 1%")], summary);

        var xml = XDocument.Parse(JunitReport.Render(summary, gates));

        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(2, cases.Count);
        Assert.Null(cases[0].Element("failure"));
        var failure = cases[1].Element("failure")!;
        var message = failure.Attribute("message")!.Value;
        Assert.Contains("throttle_rate < 1%", message, StringComparison.Ordinal);
        Assert.Contains($"actual {Math.Round(summary.Rates.ThrottleRate * 100, 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}%", message, StringComparison.Ordinal);
        Assert.Contains("threshold 1%", message, StringComparison.Ordinal);
        Assert.Equal("1", xml.Root!.Attribute("failures")!.Value);
    }

    [Fact]
    public void An_incomplete_run_adds_a_failed_run_case_to_junit()
    {
        var summary = new RunSummary { Scenario = "ci", Completed = false, StopReason = "aborted by gate error_rate < 5%" };

        var xml = XDocument.Parse(JunitReport.Render(summary, []));

        var failure = Assert.Single(xml.Descendants("failure"));
        Assert.Contains("aborted by gate", failure.Attribute("message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_names_and_messages_still_give_well_formed_junit()
    {
        var summary = new RunSummary { Scenario = "bad\u0001name", Completed = false, StopReason = "target said \u0000\u001b[31m and a lone \ud800 surrogate; kept 😀" };

        var xml = XDocument.Parse(JunitReport.Render(summary, []));

        Assert.Equal("loadtest bad\uFFFDname", xml.Descendants("testsuite").Single().Attribute("name")!.Value);
        var message = Assert.Single(xml.Descendants("failure")).Attribute("message")!.Value;
        Assert.Contains("target said \uFFFD\uFFFD[31m and a lone \uFFFD surrogate; kept 😀", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_timeseries_the_charts_are_empty_and_nothing_is_rebuilt_from_requests_csv()
    {
        var dir = NewDir();
        new ResultsDirectory(dir).WriteSummary(new RunSummary { Scenario = "smoke", Completed = true, Passed = true });
        File.WriteAllText(Path.Combine(dir, "requests.csv"), RequestsCsv.HeaderVersion2 + "\n0,100,101,300,350,900,0,chat,m,converse-stream,ok,,200,1,0,100,20,0,0,200,256,ap-south-1,r0\n");

        var run = RunReader.Load(dir);
        ReportWriter.Regenerate(dir);

        Assert.Empty(run.Timeseries);
        Assert.False(run.HasTimeseries);
        Assert.Contains("so the charts over time are empty", File.ReadAllText(Path.Combine(dir, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_folder_is_read_and_its_report_says_what_it_lacks()
    {
        var dir = NewDir();
        var (summary, rows) = SyntheticRun.Build();
        var folder = new ResultsDirectory(dir);
        folder.WriteSummary(summary with { SchemaVersion = 1 });
        File.WriteAllText(folder.Timeseries, TimeseriesCsv.HeaderVersion1 + "\n0,0,4,4,0,4,0,0,0,2,10800,4800,1200,900,1400,1800,280,450\n");

        var run = RunReader.Load(dir);
        ReportWriter.Regenerate(dir);

        var row = Assert.Single(run.Timeseries);
        Assert.Equal(10_800, row.QuotaTokens);
        Assert.Null(row.QuotaTpm);
        Assert.Null(row.Rpm);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("recorded with result schema 1, before quota tokens and requests per minute were stored per second", md, StringComparison.Ordinal);
        Assert.Contains("recorded with result schema 1", File.ReadAllText(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Error_codes_tell_bedrock_throttles_from_client_side_refusals_in_both_reports()
    {
        var dir = NewDir();
        var (summary, rows) = SyntheticRun.Build();
        ReportWriter.WriteAll(dir, summary, rows);

        var refused = summary.ErrorCodes["ClientRateLimited"];
        Assert.True(refused > 0);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("### Error codes", md, StringComparison.Ordinal);
        Assert.Contains($"| `ClientRateLimited` | {refused.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} |", md, StringComparison.Ordinal);
        Assert.Contains("never reached the target", md, StringComparison.Ordinal);
        Assert.Contains("| `ThrottlingException` |", md, StringComparison.Ordinal);

        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<table id=\"error-codes\">", html, StringComparison.Ordinal);
        Assert.Contains("<code>ServiceUnavailableException</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_summary_without_error_codes_says_so_instead_of_counting_requests_csv()
    {
        var dir = NewDir();
        new ResultsDirectory(dir).WriteSummary(new RunSummary { SchemaVersion = 1, Scenario = "old", Completed = true, Requests = new RequestCounts { Sent = 4, Failed = 3 } });
        File.WriteAllText(Path.Combine(dir, "requests.csv"), RequestsCsv.HeaderVersion2 + "\n1,600,602,,,1500,0,chat,m,converse,throttled,ThrottlingException,429,3,3,100,0,0,0,0,256,,r1\n");

        var run = RunReader.Load(dir);
        ReportWriter.Regenerate(dir);

        Assert.Empty(run.Summary.ErrorCodes);
        Assert.Contains("written before error codes were recorded", File.ReadAllText(Path.Combine(dir, "report.md")), StringComparison.Ordinal);
        Assert.Contains("written before error codes were recorded", File.ReadAllText(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_without_summary_is_a_config_error()
    {
        var e = Assert.Throws<ConfigException>(() => RunReader.Load(NewDir()));

        Assert.Contains("summary.json", e.Message, StringComparison.Ordinal);
    }
}
