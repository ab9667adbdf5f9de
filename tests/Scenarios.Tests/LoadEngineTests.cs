using LoadTest.Config;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Finishing;
using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Load;
using LoadTest.Scenarios.Measurement;
using LoadTest.Results;
using LoadTest.Scenarios.Progress;
using Xunit.Abstractions;

namespace LoadTest.Scenarios.Tests;

/// <summary>The engine on the real clock against a fake target. Serial: timing on a shared 2-core machine.</summary>
[Collection(TimingCollection.Name)]
public sealed class LoadEngineTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Constant_600_rpm_is_achieved_within_2_percent_and_starts_on_time()
    {
        var sender = new FakeSender(TimeSpan.FromMilliseconds(50));
        var dir = EngineFixture.Output();
        var summary = await new LoadEngine(sender).RunAsync(EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(10))]), dir);

        var rows = CsvRows.Read(dir.Requests);
        var lateness = rows.Select(r => r.Number("startedMs") - r.Number("scheduledMs")).OrderBy(x => x).ToArray();
        var p99 = lateness[(int)(lateness.Length * 0.99) - 1];
        output.WriteLine($"achieved {summary.Rates.AchievedRpm} rpm, lateness p50 {lateness[lateness.Length / 2]:0.###} ms p99 {p99:0.###} ms max {lateness[^1]:0.###} ms");

        Assert.True(summary.Completed);
        Assert.Equal(100, summary.Requests.Scheduled);
        Assert.InRange(summary.Rates.AchievedRpm, 588, 612);
        Assert.InRange(summary.Rates.OfferedRpm, 588, 612);
        // Start lateness is a benchmark target (docs/BENCHMARKS.md); here only "on schedule", with
        // room for a shared, noisy 2-core machine: the median start is prompt, the tail bounded.
        Assert.InRange(lateness[lateness.Length / 2], 0, 5);
        Assert.InRange(p99, 0, 100);

        // Evenly spaced by the schedule, whatever the responses did.
        var scheduled = rows.Select(r => r.Number("scheduledMs")).OrderBy(x => x).ToArray();
        Assert.All(scheduled.Zip(scheduled.Skip(1)), p => Assert.Equal(100, p.Second - p.First, 0.01));
    }

    [Fact]
    public async Task With_2_s_latency_the_open_model_keeps_its_schedule_and_20_users_settle_near_600_rpm()
    {
        // 2.1 s rather than 2 s: a timer may fire a hair early, and a user whose fifth request ended
        // at 9.999 s would start a sixth inside a 10 s phase; 2.1 s keeps every boundary 0.4 s away.
        var sender = new FakeSender(TimeSpan.FromSeconds(2.1));
        var dir = EngineFixture.Output();
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(8)), new ConcurrencyPhase(20, TimeSpan.FromSeconds(10))]);
        var summary = await new LoadEngine(sender).RunAsync(run, dir);

        var rows = CsvRows.Read(dir.Requests);
        var open = rows.Where(r => r["phase"] == "0").ToList();
        var closed = rows.Where(r => r["phase"] == "1").ToList();
        var lateness = open.Select(r => r.Number("startedMs") - r.Number("scheduledMs")).OrderBy(x => x).ToArray();
        var closedRpm = closed.Count / (10 / 60.0);
        output.WriteLine($"open: {open.Count} starts, lateness p99 {lateness[(int)(lateness.Length * 0.99) - 1]:0.###} ms; closed: {closed.Count} requests = {closedRpm:0} rpm; peak concurrency {sender.MaxInFlight}");

        // Open: 80 starts on schedule although each takes 2.1 s (21 in flight at once).
        Assert.Equal(80, open.Count);
        Assert.InRange(lateness[lateness.Length / 2], 0, 5);
        Assert.InRange(lateness[(int)(lateness.Length * 0.99) - 1], 0, 100);
        Assert.InRange(sender.MaxInFlight, 19, 45); // 21 open + 20 users while the phases overlap

        // Closed: 20 users x 5 requests of 2.1 s in 10 s = 100 requests = 600 rpm; latency counts from each user's send.
        Assert.InRange(closedRpm, 540, 630);
        // (a loaded CI machine can delay a batch of timer continuations by a few hundred ms, so the
        // bound is on the median; no request may count less than the 2.1 s it took, or absurdly more)
        var closedLatency = closed.Select(r => r.Number("endedMs") - r.Number("scheduledMs")).OrderBy(x => x).ToArray();
        Assert.All(closedLatency, l => Assert.InRange(l, 2090, 3600));
        Assert.InRange(closedLatency[closedLatency.Length / 2], 2090, 2250);
        Assert.Equal(80 + closed.Count, summary.Requests.Scheduled);
    }

    [Fact]
    public async Task Starts_beyond_max_in_flight_are_dropped_not_delayed()
    {
        var sender = new FakeSender(TimeSpan.FromSeconds(1));
        var dir = EngineFixture.Output();
        var summary = await new LoadEngine(sender).RunAsync(EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(3))], maxInFlight: 5), dir);

        var rows = CsvRows.Read(dir.Requests);
        Assert.Equal(30, rows.Count);
        Assert.True(sender.MaxInFlight <= 5);
        Assert.InRange(summary.Requests.Dropped, 10, 20);
        Assert.Equal(summary.Requests.Scheduled, summary.Requests.Sent + summary.Requests.Dropped);
        var dropped = rows.Where(r => r["outcome"] == Outcomes.Dropped).ToList();
        Assert.Equal(summary.Requests.Dropped, dropped.Count);
        Assert.All(dropped, r => Assert.Equal("", r["startedMs"]));
        Assert.All(dropped, r => Assert.Equal((1000, 0, 1000), (r.Number("inputTokens"), r.Number("quotaTokens"), r.Number("maxTokens"))));
        Assert.Equal(summary.Requests.Succeeded * 1000, summary.Tokens.Input);
        Assert.All(rows.Where(r => r["outcome"] == Outcomes.Ok), r => Assert.InRange(r.Number("startedMs") - r.Number("scheduledMs"), 0, 25));
    }

    [Fact]
    public async Task Every_scheduled_request_ends_in_exactly_one_row_and_the_files_agree_with_the_summary()
    {
        var sender = new FakeSender(
            r => TimeSpan.FromMilliseconds(20 + (r.Id % 5 * 30)),
            r => r.Id % 7 == 0 ? Outcomes.Throttled : r.Id % 11 == 0 ? Outcomes.Unavailable : Outcomes.Ok);
        var dir = EngineFixture.Output();
        var workloads = new[] { RequestPlannerTests.Workload("a", input: 800, output: 100), RequestPlannerTests.Workload("b", input: 200, output: 40) };
        var run = EngineFixture.Run([new PoissonPhase(1200, TimeSpan.FromSeconds(4)), new RampPhase(600, 1200, TimeSpan.FromSeconds(2)), new ConcurrencyPhase(4, TimeSpan.FromSeconds(2)), new PausePhase(TimeSpan.FromSeconds(1))], workloads: workloads);
        var summary = await new LoadEngine(sender).RunAsync(run, dir);

        var rows = CsvRows.Read(dir.Requests);
        var onDisk = SummaryJson.Read(dir.Summary);
        Assert.Equal(rows.Count, summary.Requests.Scheduled);
        Assert.Equal(rows.Count, rows.Select(r => r["id"]).Distinct().Count());
        Assert.Equal(sender.Calls, summary.Requests.Sent);
        foreach (var outcome in Outcomes.All)
        {
            Assert.Equal(rows.Count(r => r["outcome"] == outcome), summary.Outcomes[outcome]);
        }

        Assert.True(summary.Outcomes[Outcomes.Throttled] > 0 && summary.Outcomes[Outcomes.Unavailable] > 0);
        Assert.Equal(summary.Outcomes[Outcomes.Ok], summary.Requests.Succeeded);
        Assert.Equal(summary.Requests.Sent - summary.Requests.Succeeded, summary.Requests.Failed);
        Assert.Equal(rows.Sum(r => r.Number("attempts")) - summary.Requests.Sent, summary.Requests.Retries);
        Assert.Equal(rows.Sum(r => r.Number("throttledAttempts")), summary.Requests.ThrottledAttempts);
        Assert.Equal(rows.Sum(r => r.Number("quotaTokens")), summary.Tokens.Quota);
        Assert.Equal(summary.Requests.Scheduled, summary.ByWorkload.Values.Sum(g => g.Sent));
        Assert.Equal(summary.Requests.Scheduled, onDisk.Requests.Scheduled);
        Assert.Equal(4, onDisk.Phases.Count);

        // Quota tokens: input + output x 5 (Haiku 4.5 burndown) for OK rows, nothing for failures.
        Assert.All(rows, r => Assert.Equal(r["outcome"] == Outcomes.Ok ? r.Number("inputTokens") + (5 * r.Number("outputTokens")) : 0, r.Number("quotaTokens")));

        // Failed rows carry the planned input size (800 or 200 by workload) and maxTokens, but the
        // token totals count what was consumed: OK rows only.
        var failed = rows.Where(r => r["outcome"] != Outcomes.Ok).ToList();
        Assert.All(failed, r => Assert.Equal(r["workload"] == "a" ? 800 : 200, r.Number("inputTokens")));
        Assert.All(failed, r => Assert.Equal((0, 1000), (r.Number("outputTokens"), r.Number("maxTokens"))));
        var ok = rows.Where(r => r["outcome"] == Outcomes.Ok).ToList();
        Assert.Equal(ok.Sum(r => r.Number("inputTokens")), summary.Tokens.Input);
        Assert.Equal(ok.Sum(r => r.Number("outputTokens")), summary.Tokens.Output);
        Assert.Equal(ok.Where(r => r["workload"] == "a").Sum(r => r.Number("inputTokens")), summary.ByWorkload["a"].Tokens.Input);
        Assert.True(summary.QuotaTpm.Peak >= summary.QuotaTpm.Mean);

        var series = CsvRows.Read(dir.Timeseries);
        Assert.Equal(TimeseriesCsv.Header, File.ReadLines(dir.Timeseries).First());
        Assert.Equal(summary.Requests.Scheduled, series.Sum(s => s.Number("offered")));
        Assert.Equal(summary.Requests.Sent, series.Sum(s => s.Number("started")));
        Assert.Equal(summary.Requests.Succeeded, series.Sum(s => s.Number("ok")));
        Assert.Equal(summary.Requests.Failed, series.Sum(s => s.Number("failed")));
        Assert.Equal(RequestsCsv.Header, File.ReadLines(dir.Requests).First());
    }

    [Fact]
    public async Task The_engine_alone_judges_the_runs_gates_and_writes_them_with_the_verdict_once_at_the_end()
    {
        // Every third request is throttled: a throttle rate of ~33%, against one gate it fails and one it passes.
        var sender = new FakeSender(TimeSpan.FromMilliseconds(20), r => r.Id % 3 == 0 ? Outcomes.Throttled : Outcomes.Ok);
        var dir = EngineFixture.Output();
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(2))]);
        run = run with { Scenario = run.Scenario with { Gates = [GateParser.Parse("throttle_rate < 5%"), GateParser.Parse("throttle_rate < 50%")] } };
        var reports = new RecordingReportWriter();

        var summary = await new LoadEngine(sender, reports: reports).RunAsync(run, dir);

        var onDisk = SummaryJson.Read(dir.Summary);
        Assert.True(onDisk.Completed);
        Assert.Equal(RunStopKind.Completed, onDisk.StopKind);
        Assert.Null(onDisk.StopReason);
        Assert.False(onDisk.Passed);
        Assert.Equal([("throttle_rate < 5%", false), ("throttle_rate < 50%", true)], onDisk.Gates.Select(g => (g.Expression, g.Passed)));
        Assert.Equal(summary.Gates, onDisk.Gates);
        Assert.InRange(onDisk.Gates[0].Actual!.Value, 25, 40);

        // The reports were handed the judged summary, once.
        var written = Assert.Single(reports.Written);
        Assert.Equal(dir.Path, written.Directory);
        Assert.False(written.Summary.Passed);
        Assert.Equal(onDisk.Gates, written.Summary.Gates);
    }

    [Fact]
    public async Task A_completed_run_whose_gates_all_pass_is_passed()
    {
        var dir = EngineFixture.Output();
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(1))]);
        run = run with { Scenario = run.Scenario with { Gates = [GateParser.Parse("error_rate < 1%")] } };

        var summary = await new LoadEngine(new FakeSender(TimeSpan.FromMilliseconds(10))).RunAsync(run, dir);

        Assert.True(summary.Passed);
        Assert.True(SummaryJson.Read(dir.Summary).Passed);
    }

    [Fact]
    public async Task Cancelling_stops_scheduling_drains_and_writes_an_incomplete_run()
    {
        var sender = new FakeSender(TimeSpan.FromMilliseconds(300));
        var dir = EngineFixture.Output();
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(60))]) with { FlushEvery = TimeSpan.FromSeconds(1) };
        using var cts = new CancellationTokenSource();
        var task = new LoadEngine(sender).RunAsync(run, dir, cts.Token);
        await Task.Delay(2500);

        // While running, partial results are on disk already, marked as such.
        var partial = SummaryJson.Read(dir.Summary);
        Assert.False(partial.Completed);
        Assert.Equal(RunStopKind.Running, partial.StopKind);
        Assert.True(File.ReadAllLines(dir.Requests).Length > 5);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await cts.CancelAsync();
        var summary = await task;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));

        Assert.False(summary.Completed);
        Assert.Equal("cancelled", summary.StopReason);
        Assert.Equal(RunStopKind.Cancelled, summary.StopKind);
        Assert.False(summary.Passed);
        Assert.InRange(summary.Requests.Scheduled, 20, 40);
        Assert.Equal(summary.Requests.Scheduled, CsvRows.Read(dir.Requests).Count);
        Assert.Equal(summary.Requests.Scheduled, summary.Requests.Succeeded);
        Assert.False(SummaryJson.Read(dir.Summary).Completed);
        Assert.InRange(summary.Phases.Single().EndSeconds, 2, 4);
    }

    [Fact]
    public async Task A_failing_abort_on_fail_gate_stops_the_run_after_its_delay_and_writes_an_incomplete_run()
    {
        // Every third request is throttled: a throttle rate of ~33% against a 5% gate.
        var sender = new FakeSender(TimeSpan.FromMilliseconds(50), r => r.Id % 3 == 0 ? Outcomes.Throttled : Outcomes.Ok);
        var dir = EngineFixture.Output();
        var gate = GateParser.Parse("throttle_rate < 5%") with { AbortOnFail = true, AbortDelay = TimeSpan.FromSeconds(3) };
        var passing = GateParser.Parse("error_rate < 90%") with { AbortOnFail = true };
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(60))]);
        run = run with { Scenario = run.Scenario with { Gates = [passing, gate] }, CancelGrace = TimeSpan.FromSeconds(2) };

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var summary = await new LoadEngine(sender).RunAsync(run, dir);
        output.WriteLine($"stopped after {watch.Elapsed.TotalSeconds:0.0} s: {summary.StopReason}; load {summary.Phases.Single().EndSeconds} s");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.False(summary.Completed);
        Assert.Equal("aborted by gate 'throttle_rate < 5%'", summary.StopReason);
        Assert.Equal((RunStopKind.AbortedByGate, "throttle_rate < 5%"), (summary.StopKind, summary.StopGate));
        Assert.InRange(summary.Phases.Single().EndSeconds, 3, 10);
        var onDisk = SummaryJson.Read(dir.Summary);
        Assert.Equal((false, summary.StopReason, RunStopKind.AbortedByGate, false), (onDisk.Completed, onDisk.StopReason, onDisk.StopKind, onDisk.Passed));
        Assert.Equal(summary.Requests.Scheduled, CsvRows.Read(dir.Requests).Count);
        Assert.Equal(summary.Requests.Scheduled, summary.Requests.Succeeded + summary.Requests.Throttled);
    }

    [Fact]
    public async Task Requests_still_running_after_the_drain_grace_are_cancelled_and_still_get_their_row()
    {
        var sender = new FakeSender(TimeSpan.FromSeconds(30));
        var dir = EngineFixture.Output();
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(1))]) with { DrainGrace = TimeSpan.FromMilliseconds(500) };
        var summary = await new LoadEngine(sender).RunAsync(run, dir);

        var rows = CsvRows.Read(dir.Requests);
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.Equal((Outcomes.ClientError, "Cancelled"), (r["outcome"], r["errorCode"])));
        Assert.True(summary.Completed);
        Assert.True(summary.DurationSeconds < 5);
    }

    [Fact]
    public async Task Progress_is_reported_every_second_and_plain_lines_are_printed()
    {
        var sink = new CapturingSink();
        var text = new StringWriter();
        var plain = new PlainProgressSink(text, TimeSpan.FromSeconds(1));
        var dir = EngineFixture.Output();
        await new LoadEngine(new FakeSender(TimeSpan.FromMilliseconds(10)), progress: new TeeSink(sink, plain))
            .RunAsync(EngineFixture.Run([new ConstantPhase(1200, TimeSpan.FromSeconds(3)), new PausePhase(TimeSpan.FromSeconds(1))]), dir);

        Assert.InRange(sink.Snapshots.Count, 3, 7);
        Assert.True(sink.Completed);
        var last = sink.Snapshots[^1];
        Assert.Equal(60, last.Ok);
        Assert.Equal(2, last.PhaseCount);
        Assert.Contains(sink.Snapshots, s => s.AchievedRpm is > 900 and < 1500);
        Assert.All(sink.Snapshots, s => Assert.Equal(TimeSpan.FromSeconds(4), s.Total));
        Assert.Contains("phase 1/2 constant 1200 rpm", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("quota tpm", text.ToString(), StringComparison.Ordinal);
    }

    private sealed class CapturingSink : IProgressSink
    {
        public List<ProgressSnapshot> Snapshots { get; } = [];

        public bool Completed { get; private set; }

        public void Report(ProgressSnapshot snapshot)
        {
            lock (Snapshots)
            {
                Snapshots.Add(snapshot);
            }
        }

        public void Complete() => Completed = true;
    }

    private sealed class TeeSink(params IProgressSink[] sinks) : IProgressSink
    {
        public void Report(ProgressSnapshot snapshot)
        {
            foreach (var s in sinks)
            {
                s.Report(snapshot);
            }
        }

        public void Complete()
        {
            foreach (var s in sinks)
            {
                s.Complete();
            }
        }
    }

    private sealed class RecordingReportWriter : IReportWriter
    {
        public List<(string Directory, RunSummary Summary)> Written { get; } = [];

        public void Write(string directory, RunSummary summary, IReadOnlyList<TimeseriesRow> timeseries) => Written.Add((directory, summary));
    }
}
