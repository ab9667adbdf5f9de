using LoadTest.Results;

namespace LoadTest.Reports.Tests;

/// <summary>The reports say when a workload's reservation, not its consumption, is what throttles it.</summary>
public sealed class ReservationReportTests
{
    private static string NewDir() => Directory.CreateTempSubdirectory("loadtest-reservation-").FullName;

    [Fact]
    public void A_throttled_workload_that_reserves_32x_what_it_consumes_gets_the_sentence_in_both_reports()
    {
        var (summary, rows) = SyntheticRun.Build();

        // maxTokens unset on a 64K model: 500 input + 64,000 reserved, 500 + 300 x 5 = 2,000 consumed.
        var chat = summary.ByWorkload["support-chat"] with { Reservation = ReservationPressure.Of(100, 100 * 64_500L, 100 * 2_000L) };

        // maxTokens 1,000 (1,500 reserved) against 2,000 consumed: under the threshold, no sentence.
        var docs = summary.ByWorkload["doc-summary"] with { Reservation = ReservationPressure.Of(100, 100 * 1_500L, 100 * 2_000L) };
        Assert.True(chat.Throttled > 0 && docs.Throttled > 0);
        summary = summary with { ByWorkload = new Dictionary<string, GroupSummary> { ["support-chat"] = chat, ["doc-summary"] = docs } };

        var dir = NewDir();
        ReportWriter.WriteAll(dir, summary, rows);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));

        const string Sentence = "by its reservation, not its consumption: admission reserved 64,500 quota tokens per request";
        Assert.Contains("> **Reservation:** Workload support-chat was throttled", md, StringComparison.Ordinal);
        Assert.Contains(Sentence, md, StringComparison.Ordinal);
        Assert.Contains("against 2,000 consumed, 32.3x (above 2x)", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Workload doc-summary was throttled", md, StringComparison.Ordinal);
        Assert.Contains("| 32.3x |", md, StringComparison.Ordinal);
        Assert.Contains("| 0.8x |", md, StringComparison.Ordinal);

        Assert.Contains("<p class=\"note reservation-note\">Workload support-chat was throttled", html, StringComparison.Ordinal);
        Assert.Contains(Sentence, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Workload doc-summary was throttled", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unthrottled_workload_is_not_said_to_be_throttled_whatever_it_reserves()
    {
        var group = new GroupSummary { Sent = 10, Succeeded = 10, Reservation = ReservationPressure.Of(10, 645_000, 20_000) };
        Assert.False(ReservationPressure.Throttles(group));
        Assert.True(ReservationPressure.Throttles(group with { Throttled = 1 }));
        Assert.False(ReservationPressure.Throttles(group with { Throttled = 1, Reservation = ReservationPressure.Of(10, 40_000, 20_000) })); // exactly 2x: not above
    }

    [Fact]
    public void The_figure_round_trips_through_summary_json_and_an_old_summary_has_none()
    {
        var (summary, _) = SyntheticRun.Build();
        var chat = summary.ByWorkload["support-chat"] with { Reservation = ReservationPressure.Of(4, 4 * 64_500L, 4 * 2_000L) };
        var json = SummaryJson.Serialize(summary with { ByWorkload = new Dictionary<string, GroupSummary> { ["support-chat"] = chat } });
        Assert.Contains("\"reservedPerRequest\": 64500", json, StringComparison.Ordinal);
        var back = SummaryJson.Parse(json, "summary.json");
        Assert.Equal(64_500, back.ByWorkload["support-chat"].Reservation!.ReservedPerRequest);
        Assert.Null(SummaryJson.Parse(SummaryJson.Serialize(summary), "summary.json").ByWorkload["support-chat"].Reservation);
    }
}
