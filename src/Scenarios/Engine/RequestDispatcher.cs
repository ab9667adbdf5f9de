using LoadTest.Config;
using LoadTest.Scenarios.Load;
using LoadTest.Scenarios.Measurement;
using LoadTest.Results;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// Makes the load: starts requests as each phase's schedule says (open model) or keeps its users
/// looping (closed model), sends them, records each one's row, and drains what is in flight at the end.
/// A session workload's arrival (or a closed-model user's next iteration) is a whole session: its
/// turns go one after another, each after the previous answer and the think time.
/// </summary>
internal sealed class RequestDispatcher : IDisposable
{
    private readonly LoadRun _run;
    private readonly IRequestSender _sender;
    private readonly RunRecorder _recorder;
    private readonly StartClock _clock;
    private readonly PhaseTimeline _timeline;
    private readonly RequestPlanner _planner;
    private readonly RequestRecordBuilder _records;
    private readonly CancellationTokenSource _requestsCts = new();
    private readonly int _maxInFlight;
    private long _inFlight;

    /// <summary>Sessions still running (in a turn or in the think time before the next).</summary>
    private int _sessions;
    private int _currentPhase;

    public RequestDispatcher(LoadRun run, IRequestSender sender, RunRecorder recorder, StartClock clock, PhaseTimeline timeline, RequestPlanner planner)
    {
        _run = run;
        _sender = sender;
        _recorder = recorder;
        _clock = clock;
        _timeline = timeline;
        _planner = planner;
        _records = new RequestRecordBuilder(run.Models, run.Workloads, run.Reservation);
        _maxInFlight = run.Scenario.Target.MaxInFlight;
    }

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>The phase being scheduled (the last one once scheduling has ended).</summary>
    public int CurrentPhase => Math.Min(Volatile.Read(ref _currentPhase), _timeline.Count - 1);

    /// <summary>Runs every phase in order until the last ends or <paramref name="stop"/> is cancelled.</summary>
    public async Task ScheduleAsync(CancellationToken stop)
    {
        try
        {
            for (var i = 0; i < _timeline.Count && !stop.IsCancellationRequested; i++)
            {
                Volatile.Write(ref _currentPhase, i);
                await RunPhaseAsync(i, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stop scheduling; what is in flight drains afterwards.
        }
    }

    /// <summary>Waits up to <paramref name="grace"/> for in-flight requests and running sessions, then cancels the rest; each still writes its row.</summary>
    public async Task DrainAsync(TimeSpan grace)
    {
        var until = _clock.NowMs + grace.TotalMilliseconds;
        await WaitForIdleAsync(until);
        if (InFlight > 0 || Volatile.Read(ref _sessions) > 0)
        {
            await _requestsCts.CancelAsync();
            await WaitForIdleAsync(_clock.NowMs + 5000);
        }
    }

    public void Dispose() => _requestsCts.Dispose();

    private async Task RunPhaseAsync(int index, CancellationToken cancellationToken)
    {
        var phase = _timeline.Phases[index];
        var startMs = _timeline.StartMs(index);
        var endMs = _timeline.EndMsOf(index);
        switch (phase)
        {
            case ReplayPhase replay:
                var trace = _run.Traces[replay.File];
                var replayRandom = new Random(unchecked(_run.Seed + (7919 * (index + 1))));
                foreach (var (offset, row) in trace.Arrivals(replay, replayRandom))
                {
                    var dueMs = startMs + offset.TotalMilliseconds;
                    await _clock.WaitUntilAsync(dueMs, cancellationToken);
                    StartScheduled(index, dueMs, [trace.Request(row, _planner.NextId())], cancellationToken);
                }

                break;
            case { IsOpen: true }:
                // Each phase draws its Poisson gaps from its own seeded source, so adding a phase
                // does not change the arrivals of the others.
                var random = new Random(unchecked(_run.Seed + (7919 * (index + 1))));
                foreach (var offset in ArrivalSchedule.Arrivals(phase, random))
                {
                    var dueMs = startMs + offset.TotalMilliseconds;
                    await _clock.WaitUntilAsync(dueMs, cancellationToken);
                    StartScheduled(index, dueMs, _planner.NextSession(), cancellationToken);
                }

                break;
            case ConcurrencyPhase users:
                var loops = new Task[users.Users];
                for (var u = 0; u < users.Users; u++)
                {
                    var user = u + 1;
                    loops[u] = Task.Run(() => UserLoopAsync(index, user, endMs, cancellationToken), CancellationToken.None);
                }

                // The phase's time is fixed: at its end the users stop issuing; a request still
                // running finishes on its own while the next phase starts.
                break;
        }

        await _clock.WaitUntilAsync(endMs, cancellationToken);
    }

    /// <summary>
    /// An open-model arrival: its first request starts now, unless max in-flight is reached (then it
    /// is dropped, and so is the session it would have started). A session's later turns are not
    /// arrivals: they follow their answers, and stop at the run's end.
    /// </summary>
    private void StartScheduled(int phase, double scheduledMs, IReadOnlyList<PlannedRequest> turns, CancellationToken stop)
    {
        _recorder.Offer(scheduledMs);
        if (Interlocked.Increment(ref _inFlight) > _maxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            _recorder.Complete(RequestRecordBuilder.Dropped(turns[0], phase, scheduledMs));
            return;
        }

        // Off the scheduler's thread at once: building and signing a request must not make the
        // next start late.
        if (turns.Count == 1)
        {
            _ = Task.Run(() => ExecuteAsync(turns[0], phase, scheduledMs), CancellationToken.None);
            return;
        }

        Interlocked.Increment(ref _sessions);
        _ = Task.Run(() => RunSessionAsync(turns, phase, scheduledMs, _timeline.EndMs, offerTurns: false, stop), CancellationToken.None);
    }

    private async Task UserLoopAsync(int phase, int user, double endMs, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && _clock.NowMs < endMs)
        {
            var scheduledMs = _clock.NowMs;
            _recorder.Offer(scheduledMs);
            var turns = _planner.NextSession().Select(t => t with { User = user }).ToList();
            Interlocked.Increment(ref _inFlight);
            if (turns.Count == 1)
            {
                await ExecuteAsync(turns[0], phase, scheduledMs);
            }
            else
            {
                // A user runs its sessions back to back, each within the phase's time.
                Interlocked.Increment(ref _sessions);
                await RunSessionAsync(turns, phase, scheduledMs, endMs, offerTurns: true, cancellationToken);
            }

            // A target that fails instantly must not turn a user into a busy loop that starves the scheduler.
            await Task.Yield();
        }
    }

    /// <summary>
    /// A session's turns in order, each after the previous answer and the think time. It ends after
    /// its last turn, at a failed turn (the user saw an error), when the next turn would start at or
    /// after <paramref name="untilMs"/> (once the clock gets there), or when scheduling stops. The caller has counted the
    /// first turn in _inFlight and the session in _sessions.
    /// </summary>
    private async Task RunSessionAsync(IReadOnlyList<PlannedRequest> turns, int phase, double scheduledMs, double untilMs, bool offerTurns, CancellationToken stop)
    {
        try
        {
            var think = turns[0].Workload.Session?.ThinkTime.TotalMilliseconds ?? 0;
            for (var k = 0; ; k++)
            {
                var result = await ExecuteAsync(turns[k], phase, scheduledMs);
                if (k + 1 >= turns.Count || result.Outcome != Outcomes.Ok)
                {
                    return;
                }

                // A turn that would start past the end is not sent, but its user still thinks until
                // then: a closed-model user must not skip to a new session at once.
                scheduledMs = _clock.NowMs + think;
                await _clock.WaitUntilAsync(Math.Min(scheduledMs, untilMs), stop);
                if (scheduledMs >= untilMs || _requestsCts.IsCancellationRequested)
                {
                    return;
                }

                if (offerTurns)
                {
                    _recorder.Offer(scheduledMs);
                }

                Interlocked.Increment(ref _inFlight);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Scheduling stopped during the think time: the session ends there.
        }
        finally
        {
            Interlocked.Decrement(ref _sessions);
        }
    }

    private async Task<SendResult> ExecuteAsync(PlannedRequest planned, int phase, double scheduledMs)
    {
        // The caller has counted this request in _inFlight; it leaves only after its row is recorded.
        var startedMs = _clock.NowMs;
        _recorder.Start(startedMs, Interlocked.Read(ref _inFlight));
        SendResult result;
        using var deadline = new CancellationTokenSource(_run.RequestDeadline, _clock.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _requestsCts.Token);
        try
        {
            result = await _sender.SendAsync(planned, linked.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            result = Cancelled(e, Outcomes.Timeout, "DeadlineExceeded");
        }
        catch (OperationCanceledException e) when (_requestsCts.IsCancellationRequested)
        {
            result = Cancelled(e, Outcomes.ClientError, "Cancelled");
        }
        catch (Exception e)
        {
            result = new SendResult { Outcome = OutcomeClassifier.FromException(e), ErrorCode = e.GetType().Name };
        }

        var record = _records.Sent(planned, phase, scheduledMs, startedMs, _clock.NowMs, result);
        _recorder.Complete(record, result.DeltaArrivals, _records.Reserved(record), result.Steps);
        Interlocked.Decrement(ref _inFlight);
        return result;
    }

    /// <summary>A cancelled request's result: what it measured before (a C# iteration's finished steps), under the cancellation's outcome.</summary>
    private static SendResult Cancelled(OperationCanceledException e, string outcome, string errorCode)
        => e is PartlyMeasuredCancellation partial
            ? partial.Measured with { Outcome = outcome, ErrorCode = errorCode, HttpStatus = null }
            : new SendResult { Outcome = outcome, ErrorCode = errorCode };

    private async Task WaitForIdleAsync(double untilMs)
    {
        // A session between turns has nothing in flight but may still start one: wait for it too.
        while ((Interlocked.Read(ref _inFlight) > 0 || Volatile.Read(ref _sessions) > 0) && _clock.NowMs < untilMs)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _clock.Time);
        }
    }
}
