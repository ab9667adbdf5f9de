using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Config;
using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Load;
using LoadTest.Scenarios.Measurement;
using LoadTest.Scenarios.Measurement.Harness;
using LoadTest.Scenarios.Output;
using LoadTest.Scenarios.Progress;
using LoadTest.Scenarios.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Runs a scenario's phases in order. Open-model phases start requests when the schedule says,
/// whatever the responses do; a start that would exceed max in-flight is recorded as dropped,
/// never delayed. Closed-model phases keep N users looping. Latency counts from the intended
/// start. Every request ends in exactly one row of requests.csv. Results are flushed while the run
/// goes; a cancellation, or an abortOnFail gate failing on the live aggregates, stops scheduling,
/// drains in-flight requests for a grace period and writes everything with completed = false.
/// </summary>
public sealed class LoadEngine
{
    /// <summary>The start of <see cref="RunSummary.StopReason"/> when an abortOnFail gate stopped the run.</summary>
    public const string GateAbortPrefix = "aborted by gate ";

    private readonly IRequestSender _sender;
    private readonly TimeProvider _time;
    private readonly IProgressSink _progress;

    public LoadEngine(IRequestSender sender, TimeProvider? timeProvider = null, IProgressSink? progress = null)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _time = timeProvider ?? TimeProvider.System;
        _progress = progress ?? NullProgressSink.Instance;
    }

    /// <summary>Runs <paramref name="run"/> and writes summary.json, requests.csv and timeseries.csv into <paramref name="output"/>.</summary>
    public async Task<RunSummary> RunAsync(LoadRun run, ResultsDirectory output, CancellationToken cancellationToken = default)
        => (await RunWithTimeseriesAsync(run, output, cancellationToken)).Summary;

    /// <summary>
    /// Open-model starts are handed to the thread pool. With the default minimum (one thread per
    /// core) the first requests of a run, JIT-compiling the SDK pipeline, left no thread free and
    /// the pool added one only every ~0.5 s: starts came 0.5-0.7 s late twice in the first 3 s
    /// (measured on 2 cores). A load generator owns its process while it runs, so raise the floor.
    /// </summary>
    internal static void EnsurePoolThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Math.Max(32, Environment.ProcessorCount * 8);
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
        }
    }

    /// <summary>As <see cref="RunAsync"/>, also returning the per-second rows written to timeseries.csv.</summary>
    public async Task<LoadResult> RunWithTimeseriesAsync(LoadRun run, ResultsDirectory output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(output);
        EnsurePoolThreads();
        output.Create();
        var csv = new RequestsCsvWriter(output.Requests, _time);
        await using (csv)
        {
            var execution = new Execution(run, _sender, _time, _progress, csv, output);
            return await execution.RunAsync(cancellationToken);
        }
    }

    /// <summary>The state of one run; lives as long as <see cref="RunAsync"/>.</summary>
    private sealed class Execution
    {
        private readonly LoadRun _run;
        private readonly IRequestSender _sender;
        private readonly IProgressSink _progress;
        private readonly ResultsDirectory _output;
        private readonly RunRecorder _recorder;
        private readonly StartClock _clock;
        private readonly IReadOnlyList<LoadPhase> _phases;
        private readonly double[] _phaseStartMs;
        private readonly RequestPlanner _planner;
        private readonly Dictionary<string, double> _burndown;

        /// <summary>The models the scenario's mix sends to, as configured (or bare when not configured).</summary>
        private readonly List<ModelSpec> _modelsInMix;
        private readonly CancellationTokenSource _requestsCts = new();
        private readonly DateTimeOffset _startedAt;
        private readonly int _maxInFlight;
        private readonly List<Gate> _abortGates;
        private readonly RunSummaryMetrics? _baseline;
        private readonly HarnessLagMonitor _harness;
        private readonly CancellationTokenSource _stop = new();
        private string? _abortReason;
        private long _inFlight;
        private int _currentPhase;
        private bool _draining;
        private double _loadEndMs;

        public Execution(LoadRun run, IRequestSender sender, TimeProvider time, IProgressSink progress, IRequestLog log, ResultsDirectory output)
        {
            _run = run;
            _sender = sender;
            _progress = progress;
            _output = output;
            _recorder = new RunRecorder(log);
            _phases = run.Phases;
            _phaseStartMs = new double[_phases.Count + 1];
            for (var i = 0; i < _phases.Count; i++)
            {
                _phaseStartMs[i + 1] = _phaseStartMs[i] + _phases[i].Duration.TotalMilliseconds;
            }

            _planner = new RequestPlanner(run.Scenario.Mix, run.Workloads, new Random(run.Seed));
            _burndown = run.Models.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Burndown, StringComparer.Ordinal);
            foreach (var w in _planner.Workloads)
            {
                // A model outside models: and the catalog burns down at the family's documented rate;
                // looked up once here, not on every completed request.
                _burndown.TryAdd(w.Model, BurndownRate.For(w.Model));
            }

            var mixModels = _planner.Workloads.Select(w => w.Model).Distinct(StringComparer.Ordinal);
            _modelsInMix = mixModels.Select(n => run.Models.LastOrDefault(m => m.Id == n) ?? new ModelSpec { Id = n }).ToList();
            _maxInFlight = run.Scenario.Target.MaxInFlight;
            _startedAt = time.GetUtcNow();
            _clock = new StartClock(time);
            _harness = new HarnessLagMonitor(time, _clock.Origin, run.Scenario.Target.Saturation);
            _abortGates = run.Scenario.Gates.Where(g => g.AbortOnFail).ToList();
            _baseline = run.Baseline is null ? null : new RunSummaryMetrics(run.Baseline);
        }

        private TimeProvider Time => _clock.Time;

        public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
        {
            // Scheduling stops on the caller's cancellation (Ctrl-C) or on a failed abortOnFail gate.
            using var cancel = cancellationToken.Register(() => _stop.Cancel());
            var stop = _stop.Token;
            using var stopReporting = new CancellationTokenSource();
            using var harness = _harness;
            harness.Start();
            var reporter = ReportLoopAsync(stopReporting.Token);
            try
            {
                for (var i = 0; i < _phases.Count && !stop.IsCancellationRequested; i++)
                {
                    Volatile.Write(ref _currentPhase, i);
                    await RunPhaseAsync(i, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stop scheduling; what is in flight drains below.
            }

            var stopped = stop.IsCancellationRequested;
            _loadEndMs = stopped ? Math.Min(_clock.NowMs, _phaseStartMs[^1]) : _phaseStartMs[^1];
            _draining = true;
            await DrainAsync(stopped ? _run.CancelGrace : _run.DrainGrace);

            await stopReporting.CancelAsync();
            await reporter;

            // Every request has its row: the harness's readings end here, so the summary holds all of them.
            harness.Stop();
            var result = Summary(completed: !stopped, stopped ? Volatile.Read(ref _abortReason) ?? "cancelled" : null, finalizeAll: true);
            _progress.Report(Snapshot());
            _progress.Complete();
            return result;
        }

        private async Task RunPhaseAsync(int index, CancellationToken cancellationToken)
        {
            var phase = _phases[index];
            var startMs = _phaseStartMs[index];
            var endMs = _phaseStartMs[index + 1];
            switch (phase)
            {
                case { IsOpen: true }:
                    // Each phase draws its Poisson gaps from its own seeded source, so adding a phase
                    // does not change the arrivals of the others.
                    var random = new Random(unchecked(_run.Seed + (7919 * (index + 1))));
                    foreach (var offset in ArrivalSchedule.Arrivals(phase, random))
                    {
                        var dueMs = startMs + offset.TotalMilliseconds;
                        await _clock.WaitUntilAsync(dueMs, cancellationToken);
                        StartScheduled(index, dueMs);
                    }

                    break;
                case ConcurrencyPhase users:
                    var loops = new Task[users.Users];
                    for (var u = 0; u < users.Users; u++)
                    {
                        loops[u] = Task.Run(() => UserLoopAsync(index, endMs, cancellationToken), CancellationToken.None);
                    }

                    // The phase's time is fixed: at its end the users stop issuing; a request still
                    // running finishes on its own while the next phase starts.
                    break;
            }

            await _clock.WaitUntilAsync(endMs, cancellationToken);
        }

        private void StartScheduled(int phase, double scheduledMs)
        {
            _recorder.Offer(scheduledMs);
            var planned = _planner.Next();
            if (Interlocked.Increment(ref _inFlight) > _maxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                _recorder.Complete(Dropped(planned, phase, scheduledMs));
                return;
            }

            // Off the scheduler's thread at once: building and signing a request must not make the
            // next start late.
            _ = Task.Run(() => ExecuteAsync(planned, phase, scheduledMs), CancellationToken.None);
        }

        private async Task UserLoopAsync(int phase, double endMs, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested && _clock.NowMs < endMs)
            {
                var scheduledMs = _clock.NowMs;
                _recorder.Offer(scheduledMs);
                var planned = _planner.Next();
                Interlocked.Increment(ref _inFlight);
                await ExecuteAsync(planned, phase, scheduledMs);

                // A target that fails instantly must not turn a user into a busy loop that starves the scheduler.
                await Task.Yield();
            }
        }

        private async Task ExecuteAsync(PlannedRequest planned, int phase, double scheduledMs)
        {
            // The caller has counted this request in _inFlight; it leaves only after its row is recorded.
            var startedMs = _clock.NowMs;
            _recorder.Start(startedMs, Interlocked.Read(ref _inFlight));
            SendResult result;
            using var deadline = new CancellationTokenSource(_run.RequestDeadline, Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _requestsCts.Token);
            try
            {
                result = await _sender.SendAsync(planned, linked.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                result = new SendResult { Outcome = Outcomes.Timeout, ErrorCode = "DeadlineExceeded" };
            }
            catch (OperationCanceledException) when (_requestsCts.IsCancellationRequested)
            {
                result = new SendResult { Outcome = Outcomes.ClientError, ErrorCode = "Cancelled" };
            }
            catch (Exception e)
            {
                result = new SendResult { Outcome = OutcomeClassifier.FromException(e), ErrorCode = e.GetType().Name };
            }

            var endedMs = _clock.NowMs;
            var w = planned.Workload;

            // A request the target did not serve (throttled, failed before any usage) consumed nothing;
            // its row still carries the planned input size, so the token mix of requests.csv is not
            // biased toward the small requests that got through. A failure after usage was reported
            // (a broken stream) did consume, and keeps what it reported.
            var consumed = result.Outcome == Outcomes.Ok || result.InputTokens > 0 || result.OutputTokens > 0;
            var inputTokens = result.Outcome == Outcomes.Ok || result.InputTokens > 0 ? result.InputTokens : planned.InputTokens;
            var record = new RequestRecord
            {
                Id = planned.Id,
                ScheduledMs = Math.Round(scheduledMs, 3),
                StartedMs = Math.Round(startedMs, 3),
                FirstByteMs = result.FirstByte is { } fb ? Math.Round(startedMs + fb.TotalMilliseconds, 3) : null,
                FirstTokenMs = result.FirstToken is { } ft ? Math.Round(startedMs + ft.TotalMilliseconds, 3) : null,
                EndedMs = Math.Round(endedMs, 3),
                Phase = phase,
                Workload = w.Name,
                Model = w.Model,
                Api = w.Api.ToText(),
                Outcome = result.Outcome,
                ErrorCode = result.ErrorCode,
                HttpStatus = result.HttpStatus,
                Attempts = Math.Max(0, result.Attempts),
                ThrottledAttempts = result.ThrottledAttempts,
                InputTokens = inputTokens,
                OutputTokens = result.OutputTokens,
                CacheReadTokens = result.CacheReadTokens,
                CacheWriteTokens = result.CacheWriteTokens,
                QuotaTokens = consumed ? QuotaCost.Consumed(inputTokens, result.CacheWriteTokens, result.OutputTokens, _burndown[w.Model]) : 0,
                MaxTokens = w.MaxTokens,
                InferenceRegion = result.InferenceRegion,
                RequestId = result.RequestId,
            };
            _recorder.Complete(record, result.DeltaArrivals);
            Interlocked.Decrement(ref _inFlight);
        }

        private static RequestRecord Dropped(PlannedRequest planned, int phase, double scheduledMs) => new()
        {
            Id = planned.Id,
            ScheduledMs = Math.Round(scheduledMs, 3),
            Phase = phase,
            Workload = planned.Workload.Name,
            Model = planned.Workload.Model,
            Api = planned.Workload.Api.ToText(),
            Outcome = Outcomes.Dropped,
            ErrorCode = "MaxInFlight",
            Attempts = 0,
            InputTokens = planned.InputTokens,
            MaxTokens = planned.MaxTokens,
        };

        private async Task DrainAsync(TimeSpan grace)
        {
            var until = _clock.NowMs + grace.TotalMilliseconds;
            await WaitForIdleAsync(until);
            if (Interlocked.Read(ref _inFlight) > 0)
            {
                // Past the grace period: cancel what is left; each cancelled request still writes its row.
                await _requestsCts.CancelAsync();
                await WaitForIdleAsync(_clock.NowMs + 5000);
            }
        }

        private async Task WaitForIdleAsync(double untilMs)
        {
            while (Interlocked.Read(ref _inFlight) > 0 && _clock.NowMs < untilMs)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), Time);
            }
        }

        private async Task ReportLoopAsync(CancellationToken stop)
        {
            var nextFlush = _run.FlushEvery.TotalMilliseconds;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), Time, stop);
                    _progress.Report(Snapshot());
                    CheckAbortGates();
                    if (_clock.NowMs >= nextFlush)
                    {
                        nextFlush += _run.FlushEvery.TotalMilliseconds;
                        Summary(completed: false, "running", finalizeAll: false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run has ended.
            }
        }

        /// <summary>
        /// Evaluates the abortOnFail gates past their delay on the live aggregates; the first that fails
        /// stops scheduling. A value that cannot be measured yet (no samples) is no reason to stop.
        /// </summary>
        private void CheckAbortGates()
        {
            var nowMs = _clock.NowMs;
            if (_draining || _stop.IsCancellationRequested || !_abortGates.Exists(g => nowMs >= g.AbortDelay.TotalMilliseconds))
            {
                return;
            }

            var live = new RunSummaryMetrics(BuildSummary(completed: false, "running"));
            foreach (var gate in _abortGates.Where(g => nowMs >= g.AbortDelay.TotalMilliseconds))
            {
                var result = GateEvaluator.Evaluate(gate, live, _baseline);
                if (!result.Passed && result.Actual is not null)
                {
                    Volatile.Write(ref _abortReason, $"{GateAbortPrefix}'{gate.Expression}'");
                    _stop.Cancel();
                    return;
                }
            }
        }

        private ProgressSnapshot Snapshot()
        {
            var phase = Math.Min(Volatile.Read(ref _currentPhase), _phases.Count - 1);
            return _recorder.Snapshot(_clock.NowMs, Interlocked.Read(ref _inFlight)) with
            {
                Scenario = _run.Scenario.Name,
                PhaseIndex = phase,
                PhaseCount = _phases.Count,
                Phase = _phases[phase].Describe(),
                Total = TimeSpan.FromMilliseconds(_phaseStartMs[^1]),
                QuotaTpmLimit = QuotaLimit(),
                Draining = _draining,
                Harness = _harness.Status(_clock.NowMs),
            };
        }

        /// <summary>Builds the summary and writes summary.json and timeseries.csv (partial while running).</summary>
        private LoadResult Summary(bool completed, string? stopReason, bool finalizeAll)
        {
            var summary = BuildSummary(completed, stopReason);
            var rows = _recorder.Timeseries(PhaseOfSecond, finalizeAll);
            TimeseriesCsv.Write(_output.Timeseries, rows);
            SummaryJson.Write(_output.Summary, summary);
            return new LoadResult(summary, rows);
        }

        private RunSummary BuildSummary(bool completed, string? stopReason)
        {
            var nowMs = _clock.NowMs;
            var loadEndMs = _draining ? _loadEndMs : Math.Min(nowMs, _phaseStartMs[^1]);
            var windows = new List<PhaseWindow>();
            for (var i = 0; i < _phases.Count && _phaseStartMs[i] < Math.Max(loadEndMs, 1e-9); i++)
            {
                windows.Add(new PhaseWindow(i, _phases[i].Kind, _phases[i].Describe(), _phaseStartMs[i] / 1000, Math.Min(_phaseStartMs[i + 1], loadEndMs) / 1000));
            }

            return _recorder.BuildSummary(new SummaryContext
            {
                Scenario = _run.Scenario.Name,
                Completed = completed,
                StopReason = stopReason,
                StartedAt = _startedAt,
                DurationSeconds = nowMs / 1000,
                LoadSeconds = loadEndMs / 1000,
                Settings = Settings(),
                Phases = windows,
                QuotaTpmLimit = QuotaLimit(),
                Harness = _harness.Summary(),
            });
        }

        private int PhaseOfSecond(int second)
        {
            var ms = second * 1000.0;
            for (var i = 0; i < _phases.Count; i++)
            {
                if (ms < _phaseStartMs[i + 1])
                {
                    return i;
                }
            }

            return Math.Max(0, _phases.Count - 1);
        }

        private double? QuotaLimit()
            => _modelsInMix.All(m => m.Tpm is not null) ? _modelsInMix.Sum(m => (double)m.Tpm!.Value) : null;

        private RunSettings Settings()
        {
            var t = _run.Scenario.Target;
            return new RunSettings
            {
                ConfigFile = _run.ConfigFile,
                Target = t.Kind == TargetKind.Bedrock ? "bedrock" : "emulator",
                Endpoint = t.Endpoint?.ToString(),
                Region = t.Region,
                RetryMode = t.Retry.Mode.ToString().ToLowerInvariant(),
                FastFail = t.Retry.FastFail,
                MaxAttempts = t.Retry.MaxAttempts,
                Seed = _run.Seed,
                DurationScale = _run.DurationScale,
                MaxInFlight = t.MaxInFlight,
                Models = _modelsInMix.ToDictionary(m => m.Id, m => new ModelLimits(m.Tpm, m.Rpm, m.Limits.TokensPerDay, m.Burndown), StringComparer.Ordinal),
                Mix = new Dictionary<string, double>(_run.Scenario.Mix, StringComparer.Ordinal),
            };
        }
    }
}
