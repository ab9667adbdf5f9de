using LoadTest.Scenarios.Finishing;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Config;
using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Load;
using LoadTest.Scenarios.Measurement;
using LoadTest.Scenarios.Measurement.Harness;
using LoadTest.Scenarios.Output;
using LoadTest.Scenarios.Progress;
using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Runs a scenario's phases in order. Open-model phases start requests when the schedule says,
/// whatever the responses do; a start that would exceed max in-flight is recorded as dropped,
/// never delayed. Closed-model phases keep N users looping. Latency counts from the intended
/// start. Every request ends in exactly one row of the per-request file. Partial results are flushed while
/// the run goes; a cancellation, or an abortOnFail gate failing on the live aggregates, stops
/// scheduling and drains in-flight requests for a grace period. At the end the result is finished
/// once: judged against the run's gates and written with every report.
/// </summary>
public sealed class LoadEngine
{
    private readonly IRequestSender _sender;
    private readonly TimeProvider _time;
    private readonly IProgressSink _progress;
    private readonly ResultFinisher _finisher;

    /// <param name="reports">Writes report.html, report.md and junit.xml at the end of a run; null writes the data files alone.</param>
    public LoadEngine(IRequestSender sender, TimeProvider? timeProvider = null, IProgressSink? progress = null, IReportWriter? reports = null)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _time = timeProvider ?? TimeProvider.System;
        _progress = progress ?? NullProgressSink.Instance;
        _finisher = new ResultFinisher(reports);
    }

    /// <summary>Runs <paramref name="run"/> and writes its result into <paramref name="output"/>; returns the finished summary.</summary>
    public async Task<RunSummary> RunAsync(LoadRun run, ResultsDirectory output, CancellationToken cancellationToken = default)
        => (await RunWithTimeseriesAsync(run, output, cancellationToken)).Summary;

    /// <summary>As <see cref="RunAsync"/>, also returning the per-second rows written to the per-second file.</summary>
    public async Task<LoadResult> RunWithTimeseriesAsync(LoadRun run, ResultsDirectory output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(output);
        output.Create();
        var csv = new RequestsCsvWriter(output.Requests, _time);
        await using (csv)
        {
            using var execution = new Execution(run, _sender, _time, _progress, csv, output);
            return await execution.RunAsync(_finisher, cancellationToken);
        }
    }

    /// <summary>
    /// One run: wires the dispatcher (load), the recorder (measurement), the abort-gate watch and
    /// the result assembler together and sequences schedule, drain and finish.
    /// </summary>
    private sealed class Execution : IDisposable
    {
        private readonly LoadRun _run;
        private readonly IProgressSink _progress;
        private readonly RunRecorder _recorder;
        private readonly StartClock _clock;
        private readonly PhaseTimeline _timeline;
        private readonly RequestDispatcher _dispatcher;
        private readonly AbortGateWatch _abortGates;
        private readonly HarnessLagMonitor _harness;
        private readonly ResultAssembler _result;
        private readonly CancellationTokenSource _stop = new();
        private string? _abortGate;
        private bool _draining;
        private double _loadEndMs;

        public Execution(LoadRun run, IRequestSender sender, TimeProvider time, IProgressSink progress, IRequestLog log, ResultsDirectory output)
        {
            _run = run;
            _progress = progress;
            _recorder = new RunRecorder(log, ProfileTags(run.Models));
            _timeline = new PhaseTimeline(run.Phases);
            var planner = new RequestPlanner(run.Scenario.Mix, run.Workloads, new Random(run.Seed));
            var startedAt = time.GetUtcNow();
            _clock = new StartClock(time);
            _dispatcher = new RequestDispatcher(run, sender, _recorder, _clock, _timeline, planner);
            _harness = new HarnessLagMonitor(time, _clock.Origin, run.Scenario.Target.Saturation);
            _abortGates = new AbortGateWatch(run.Scenario.Gates, run.Baseline);
            _result = new ResultAssembler(run, planner.Workloads.Concat(run.Traces.Values.SelectMany(t => t.UsedWorkloads)).Select(w => w.Model).Distinct(StringComparer.Ordinal), _recorder, _timeline, _harness, output, startedAt);
        }

        /// <summary>Where the load ends: the last phase's end, or where scheduling stopped once draining.</summary>
        private double LoadEndMs => _draining ? _loadEndMs : Math.Min(_clock.NowMs, _timeline.EndMs);

        public async Task<LoadResult> RunAsync(ResultFinisher finisher, CancellationToken cancellationToken)
        {
            // Scheduling stops on the caller's cancellation (Ctrl-C) or on a failed abortOnFail gate.
            using var cancel = cancellationToken.Register(() => _stop.Cancel());
            using var stopReporting = new CancellationTokenSource();
            using var harness = _harness;
            harness.Start();
            var reporter = ReportLoopAsync(stopReporting.Token);
            await _dispatcher.ScheduleAsync(_stop.Token);

            var stopped = _stop.IsCancellationRequested;
            _loadEndMs = stopped ? Math.Min(_clock.NowMs, _timeline.EndMs) : _timeline.EndMs;
            _draining = true;
            await _dispatcher.DrainAsync(stopped ? _run.CancelGrace : _run.DrainGrace);

            await stopReporting.CancelAsync();
            await reporter;

            // Every request has its row: the harness's readings end here, so the summary holds all of them.
            harness.Stop();
            var stop = !stopped ? RunStop.Completed
                : Volatile.Read(ref _abortGate) is { } gate ? RunStop.AbortedBy(gate)
                : RunStop.Cancelled;
            var result = _result.Finish(finisher, stop, _clock.NowMs, LoadEndMs);
            _progress.Report(Snapshot());
            _progress.Complete();
            return result;
        }

        public void Dispose()
        {
            _dispatcher.Dispose();
            _stop.Dispose();
        }

        /// <summary>
        /// Once a second on the run clock: progress, the abortOnFail gates, and every FlushEvery a
        /// partial snapshot on disk. The first snapshot is written at once, so a run killed in its
        /// first second still leaves a summary file naming its scenario, settings and gates.
        /// </summary>
        private async Task ReportLoopAsync(CancellationToken stop)
        {
            // Off the caller's thread: scheduling starts while the first snapshot is written.
            await Task.Yield();
            _result.WriteSnapshot(_clock.NowMs, LoadEndMs);
            var flushMs = _run.FlushEvery.TotalMilliseconds;
            var nextFlush = flushMs;
            var tick = 1000.0;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    // Ticks are due on the clock, not a second after the previous one ended, so the
                    // time spent writing a snapshot never stretches the gap between two of them.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, tick - _clock.NowMs)), _clock.Time, stop);
                    var due = tick;
                    tick = Math.Max(tick + 1000, (Math.Floor(_clock.NowMs / 1000) * 1000) + 1000);
                    _progress.Report(Snapshot());
                    CheckAbortGates();
                    if (due >= nextFlush)
                    {
                        nextFlush = due + flushMs;
                        _result.WriteSnapshot(_clock.NowMs, LoadEndMs);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run has ended.
            }
        }

        /// <summary>The first abortOnFail gate that fails stops scheduling; none is checked once the run is draining.</summary>
        private void CheckAbortGates()
        {
            if (_draining || _stop.IsCancellationRequested)
            {
                return;
            }

            var nowMs = _clock.NowMs;
            if (_abortGates.FirstFailing(nowMs, () => _result.Summary(RunStop.Running, nowMs, LoadEndMs)) is { } gate)
            {
                Volatile.Write(ref _abortGate, gate.Expression);
                _stop.Cancel();
            }
        }

        /// <summary>The tags scenarios.yaml gives application inference profiles, by profile ARN.</summary>
        private static Dictionary<string, IReadOnlyDictionary<string, string>> ProfileTags(IEnumerable<ModelSpec> models)
            => models.Where(m => m.Tags.Count > 0)
                .ToDictionary(m => m.Id, m => (IReadOnlyDictionary<string, string>)m.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), StringComparer.Ordinal);

        private ProgressSnapshot Snapshot()
        {
            var phase = _dispatcher.CurrentPhase;
            return _recorder.Snapshot(_clock.NowMs, _dispatcher.InFlight) with
            {
                Scenario = _run.Scenario.Name,
                PhaseIndex = phase,
                PhaseCount = _timeline.Count,
                Phase = _timeline.Phases[phase].Describe(),
                Total = TimeSpan.FromMilliseconds(_timeline.EndMs),
                QuotaTpmLimit = _result.QuotaLimit,
                Draining = _draining,
                Harness = _harness.Status(_clock.NowMs),
            };
        }
    }
}
