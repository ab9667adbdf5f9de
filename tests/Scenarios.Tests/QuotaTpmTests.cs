using LoadTest.Scenarios.Measurement;
using LoadTest.Results;

namespace LoadTest.Scenarios.Tests;

/// <summary>quotaTpm mean and peak from known per-second quota tokens.</summary>
public sealed class QuotaTpmTests
{
    private static long[] Seconds(params (int Count, long Tokens)[] runs)
        => runs.SelectMany(r => Enumerable.Repeat(r.Tokens, r.Count)).ToArray();

    [Fact]
    public void Thirty_seconds_at_x_then_a_minute_of_nothing_is_a_peak_of_30x_and_a_mean_of_20x()
    {
        var (mean, peak) = RunRecorder.QuotaTpm(Seconds((30, 1000), (60, 0)), loadSeconds: 90);

        Assert.Equal(20_000, mean, 9);
        Assert.Equal(30_000, peak, 9);
    }

    [Fact]
    public void A_steady_two_minutes_has_mean_equal_to_peak()
    {
        var (mean, peak) = RunRecorder.QuotaTpm(Seconds((120, 500)), loadSeconds: 120);

        Assert.Equal(30_000, mean, 9);
        Assert.Equal(30_000, peak, 9);
    }

    [Fact]
    public void The_peak_is_the_busiest_60_s_window()
    {
        // 60 s at 100/s, then 20 s at 1000/s, then 40 s at 100/s: the busiest minute holds the 20 s burst
        // and 40 s around it.
        var (mean, peak) = RunRecorder.QuotaTpm(Seconds((60, 100), (20, 1000), (40, 100)), loadSeconds: 120);

        Assert.Equal(((100 * 100) + (20 * 1000)) / 2.0, mean, 9);
        Assert.Equal((20 * 1000) + (40 * 100), peak, 9);
    }

    [Fact]
    public void Tokens_of_the_drain_after_a_short_load_do_not_lift_the_mean_above_the_peak()
    {
        // The smoke run's shape: 20 s of load, requests still ending for 2 s after it. The span is
        // 22 s, shorter than a minute, so mean and peak are the same rate.
        var (mean, peak) = RunRecorder.QuotaTpm(Seconds((22, 1000)), loadSeconds: 20);

        Assert.Equal(60_000, mean, 9);
        Assert.Equal(60_000, peak, 9);
    }

    [Fact]
    public void Tokens_bunched_at_both_ends_never_report_a_peak_below_the_mean()
    {
        var (mean, peak) = RunRecorder.QuotaTpm(Seconds((15, 1000), (60, 0), (15, 1000)), loadSeconds: 90);

        Assert.Equal(20_000, mean, 9);
        Assert.Equal(20_000, peak, 9);
    }

    [Fact]
    public void The_summary_reads_quota_tokens_from_the_second_each_request_ended()
    {
        var recorder = new RunRecorder(new NullLog());
        for (var second = 0; second < 90; second++)
        {
            // 30 s of requests worth 1000 quota tokens each second, then 60 s of throttles that consumed nothing
            // (their rows carry a planned input size, which must not count).
            recorder.Complete(new RequestRecord
            {
                Id = second,
                ScheduledMs = (second * 1000) + 100,
                StartedMs = (second * 1000) + 100,
                EndedMs = (second * 1000) + 500,
                Workload = "w",
                Model = "m",
                Api = "converse",
                Outcome = second < 30 ? Outcomes.Ok : Outcomes.Throttled,
                Attempts = 1,
                InputTokens = 500,
                OutputTokens = second < 30 ? 100 : 0,
                QuotaTokens = second < 30 ? 1000 : 0,
            });
        }

        var summary = recorder.BuildSummary(new SummaryContext { Scenario = "t", Stop = RunStop.Completed, DurationSeconds = 90, LoadSeconds = 90, QuotaTpmLimit = 60_000 });

        Assert.Equal(20_000, summary.QuotaTpm.Mean);
        Assert.Equal(30_000, summary.QuotaTpm.Peak);
        Assert.Equal(0.5, summary.QuotaTpm.Utilization);
        Assert.Equal(30 * 500, summary.Tokens.Input);
        Assert.Equal(30 * 100, summary.Tokens.Output);
        Assert.Equal(30 * 1000, summary.Tokens.Quota);
        Assert.Equal(30 * 500, summary.ByWorkload["w"].Tokens.Input);
        Assert.Equal(30 * 500, recorder.Timeseries(_ => 0, finalizeAll: true).Sum(r => r.InputTokens));

        // The per-second window the reports draw is the one the peak came from.
        var rows = recorder.Timeseries(_ => 0, finalizeAll: true, loadSeconds: 90);
        Assert.Equal(summary.QuotaTpm.Peak, rows.Max(r => r.QuotaTpm));
        Assert.Equal(30_000, rows[29].QuotaTpm);
        Assert.Equal(0, rows[89].QuotaTpm);
    }

    [Fact]
    public void Over_a_run_shorter_than_a_minute_the_stored_series_is_the_run_so_far_scaled_to_a_minute()
    {
        var recorder = new RunRecorder(new NullLog());
        for (var second = 0; second < 20; second++)
        {
            recorder.Start((second * 1000) + 100, 1);
            recorder.Complete(new RequestRecord { Id = second, ScheduledMs = (second * 1000) + 100, StartedMs = (second * 1000) + 100, EndedMs = (second * 1000) + 500, Outcome = Outcomes.Ok, Attempts = 1, QuotaTokens = 1000 });
        }

        var summary = recorder.BuildSummary(new SummaryContext { Scenario = "t", Stop = RunStop.Completed, DurationSeconds = 20, LoadSeconds = 20 });
        var rows = recorder.Timeseries(_ => 0, finalizeAll: true, loadSeconds: 20);

        Assert.Equal(3_000, rows[0].QuotaTpm);
        Assert.Equal(60_000, rows[19].QuotaTpm);
        Assert.Equal(60, rows[19].Rpm);
        Assert.Equal(60_000, summary.QuotaTpm.Peak);
        Assert.Equal(summary.QuotaTpm.Peak, rows.Max(r => r.QuotaTpm));
    }

    private sealed class NullLog : IRequestLog
    {
        public void Write(RequestRecord record)
        {
        }
    }
}
