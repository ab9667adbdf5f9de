using LoadTest.Results;

namespace LoadTest.Reports.Tests;

/// <summary>How the reports show a run's retry profile: the SDK, attempts per request, the client limiter's wait and refusals apart from server throttles.</summary>
public sealed class RetryProfileReportTests
{
    [Fact]
    public void A_botocore_run_shows_its_profile_attempts_per_request_and_limiter_wait_in_both_reports()
    {
        var dir = Directory.CreateTempSubdirectory("loadtest-retry-report-").FullName;
        var (summary, rows) = SyntheticRun.Build();
        var run = summary with
        {
            Settings = summary.Settings with { RetryMode = "adaptive", MaxAttempts = 3, Sdk = "botocore", RetryRules = "2026" },
            Requests = summary.Requests with { Attempts = summary.Requests.Sent * 13 / 10 },
            LimiterWaitMs = new Percentiles { Count = 400, P50 = 0, P90 = 9_000, P95 = 14_565, P99 = 39_000, P999 = 51_000, Max = 51_282, Mean = 2_100 },
        };

        ReportWriter.WriteAll(dir, run, rows);

        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("<th>Retry</th><td>adaptive as botocore (2026 rules), max 3 attempts · 1.3 attempts per request</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>Client limiter wait (in latency)</td><td class=\"num\">400</td>", html, StringComparison.Ordinal);
        Assert.Contains("retry adaptive as botocore (2026 rules), max 3 attempts", md, StringComparison.Ordinal);
        Assert.Contains("| client limiter wait (in latency) | 400 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_refusals_are_shown_apart_from_server_throttles()
    {
        var dir = Directory.CreateTempSubdirectory("loadtest-retry-report-").FullName;
        var (summary, rows) = SyntheticRun.Build();
        var run = summary with { Requests = summary.Requests with { Throttled = 120, ClientRefused = 45 } };

        ReportWriter.WriteAll(dir, run, rows);

        var expected = "120 (75 by the server, 45 refused on the client)";
        Assert.Equal(expected, RetryText.Throttled(run.Requests));
        Assert.Contains(expected, File.ReadAllText(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
        Assert.Contains(expected, File.ReadAllText(Path.Combine(dir, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_from_before_profiles_reads_as_dotnet_with_no_limiter_row()
    {
        var dir = Directory.CreateTempSubdirectory("loadtest-retry-report-").FullName;
        var (summary, rows) = SyntheticRun.Build();
        var old = summary with { Settings = summary.Settings with { RetryMode = "standard", MaxAttempts = 3, Sdk = "", RetryRules = "" }, Requests = summary.Requests with { Attempts = 0, ClientRefused = 0 }, LimiterWaitMs = null };

        ReportWriter.WriteAll(dir, old, rows);

        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<th>Retry</th><td>standard as dotnet, max 3 attempts</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Client limiter wait", html, StringComparison.Ordinal);
        Assert.Null(RetryText.AttemptsPerRequest(old.Requests));
    }
}
