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
    public void Timeseries_is_written_only_when_the_engine_did_not()
    {
        var dir = NewDir();
        var (summary, rows) = SyntheticRun.Build();
        File.WriteAllText(Path.Combine(dir, "timeseries.csv"), "second,offered\n0,1\n");

        ReportWriter.WriteAll(dir, summary, rows);
        Assert.Equal("second,offered\n0,1\n", File.ReadAllText(Path.Combine(dir, "timeseries.csv")));

        var fresh = NewDir();
        ReportWriter.WriteAll(fresh, summary, rows);
        var back = TimeseriesCsv.Read(Path.Combine(fresh, "timeseries.csv"));
        Assert.Equal(rows.Count, back.Count);
        Assert.Equal(rows[250].Throttled, back[250].Throttled);
        Assert.Equal(rows[250].LatencyP95Ms, back[250].LatencyP95Ms, 2);
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
    public void Without_timeseries_the_rows_are_rebuilt_from_requests_csv()
    {
        var dir = NewDir();
        ReportWriter.WriteSummary(dir, new RunSummary { Scenario = "smoke", Completed = true, Passed = true });
        File.WriteAllText(Path.Combine(dir, "requests.csv"), """
            id,scheduledMs,startedMs,firstByteMs,firstTokenMs,endedMs,phase,workload,model,api,outcome,errorCode,httpStatus,attempts,throttledAttempts,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,quotaTokens,maxTokens,inferenceRegion,requestId
            0,100,101,300,350,900,0,chat,m,converse-stream,ok,,200,1,0,100,20,0,0,200,256,ap-south-1,r0
            1,600,602,,,1500,0,chat,m,converse,throttled,ThrottlingException,429,3,3,100,0,0,0,0,256,,r1
            2,1200,,,,,0,chat,m,converse,dropped,,,0,0,0,0,0,0,0,256,,
            3,1300,1301,1400,1500,2100,0,"chat, long",m,converse-stream,ok,,200,2,1,100,20,0,0,200,256,us-east-1,r3

            """);

        var run = RunReader.Load(dir);

        Assert.Equal(3, run.Timeseries.Count);
        Assert.Equal(2, run.Timeseries[0].Offered);
        Assert.Equal(1, run.Timeseries[0].Ok);
        Assert.Equal(800, run.Timeseries[0].LatencyP50Ms);
        Assert.Equal(1, run.Timeseries[1].Throttled);
        Assert.Equal(1, run.Timeseries[1].Dropped);
        Assert.Equal(4, run.Timeseries[1].ThrottledAttempts + run.Timeseries[2].ThrottledAttempts);
        Assert.Equal(0, run.Timeseries[2].InFlight);
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
    public void An_older_summary_without_error_codes_gets_them_from_requests_csv()
    {
        var dir = NewDir();
        ReportWriter.WriteSummary(dir, new RunSummary { Scenario = "old", Completed = true, Requests = new RequestCounts { Sent = 4, Failed = 3 } });
        File.WriteAllText(Path.Combine(dir, "requests.csv"), """
            id,scheduledMs,startedMs,firstByteMs,firstTokenMs,endedMs,phase,workload,model,api,outcome,errorCode,httpStatus,attempts,throttledAttempts,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,quotaTokens,maxTokens,inferenceRegion,requestId
            0,100,101,300,350,900,0,chat,m,converse,ok,,200,1,0,100,20,0,0,200,256,ap-south-1,r0
            1,600,602,,,1500,0,chat,m,converse,throttled,ThrottlingException,429,3,3,100,0,0,0,0,256,,r1
            2,700,,,,9000,0,chat,m,converse,throttled,ClientRateLimited,,0,0,0,0,0,0,0,256,,
            3,800,801,,,1100,0,chat,m,converse,throttled,ClientRateLimited,,1,1,0,0,0,0,0,256,,
            4,1200,,,,,0,chat,m,converse,dropped,,,0,0,0,0,0,0,0,256,,

            """);

        var run = RunReader.Load(dir);

        Assert.Equal(2, run.Summary.ErrorCodes.Count);
        Assert.Equal(1, run.Summary.ErrorCodes["ThrottlingException"]);
        Assert.Equal(2, run.Summary.ErrorCodes["ClientRateLimited"]);
    }

    [Fact]
    public void A_directory_without_summary_is_a_config_error()
    {
        var e = Assert.Throws<ConfigException>(() => RunReader.Load(NewDir()));

        Assert.Contains("summary.json", e.Message, StringComparison.Ordinal);
    }
}
