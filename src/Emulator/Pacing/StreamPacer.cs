namespace LoadTest.Emulator.Pacing;

/// <summary>
/// Wakes requests at absolute deadlines (TimeProvider timestamps) with one timer for the whole
/// emulator instead of one Task.Delay per frame: a min-heap of waiting requests, the timer armed
/// for the earliest, and on each tick every request that is due is resumed inline, in deadline
/// order, on the ticking thread. Waits measure from a fixed origin, so timer overshoot delays a
/// frame but never shifts the frames after it.
/// </summary>
internal sealed class StreamPacer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly long _resolution;
    private readonly PriorityQueue<(DeadlineWaiter Waiter, short Version), long> _queue = new();
    private readonly List<(DeadlineWaiter Waiter, short Version)> _batch = [];
    private readonly Lock _gate = new();
    private long _armedFor = long.MaxValue;
    private bool _draining;

    public StreamPacer(TimeProvider time)
    {
        _time = time;

        // System.Threading.Timer truncates to whole milliseconds: a wait of 0.7 ms would fire at
        // once, find nothing due and re-arm, spinning through the thread pool until the deadline.
        // Rounding every wait up to the next millisecond costs at most 1 ms of lateness instead.
        _resolution = Math.Max(1, time.TimestampFrequency / 1000);
        _timer = time.CreateTimer(static s => ((StreamPacer)s!).Drain(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Completes when the clock reaches <paramref name="due"/> (a TimeProvider timestamp); at once if it already has.</summary>
    public ValueTask WaitUntilAsync(DeadlineWaiter waiter, long due, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (due <= _time.GetTimestamp())
        {
            return ValueTask.CompletedTask;
        }

        var version = waiter.Arm();
        lock (_gate)
        {
            _queue.Enqueue((waiter, version), due);

            // While a drain runs it re-reads the queue before it stops, so no timer is needed.
            if (!_draining && due < _armedFor)
            {
                ArmLocked(due);
            }
        }

        return waiter.AsValueTask(version);
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>
    /// Called with the lock held, so timer changes happen in the order of the deadlines they were
    /// computed for. The wait is at least one resolution step, so no TimeProvider (not even a
    /// FakeTimeProvider) fires the callback synchronously inside Change while the lock is held.
    /// </summary>
    private void ArmLocked(long due)
    {
        _armedFor = due;
        var ticks = due - _time.GetTimestamp();
        var steps = Math.Max(1, (ticks + _resolution - 1) / _resolution);
        _timer.Change(TimeSpan.FromSeconds((double)(steps * _resolution) / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
    }

    private void Drain()
    {
        lock (_gate)
        {
            if (_draining)
            {
                return;
            }

            _draining = true;
            _armedFor = long.MaxValue;
        }

        // Each round resumes only requests already due; a resumed request registers a later deadline
        // (or catches up inline), so the loop ends on the first round that finds nothing due. Under
        // saturation it keeps going: one thread writing frames in deadline order, lateness recorded.
        while (true)
        {
            var now = _time.GetTimestamp();
            lock (_gate)
            {
                while (_queue.TryPeek(out var entry, out var due) && due <= now)
                {
                    _queue.Dequeue();
                    _batch.Add(entry);
                }

                if (_batch.Count == 0)
                {
                    _draining = false;
                    if (_queue.TryPeek(out _, out var next))
                    {
                        ArmLocked(next);
                    }

                    return;
                }
            }

            foreach (var (waiter, version) in _batch)
            {
                waiter.TryComplete(version);
            }

            _batch.Clear();
        }
    }
}
