using System.Threading.Tasks.Sources;

namespace LoadTest.Emulator.Pacing;

/// <summary>
/// One request's reusable wait for its next deadline (a request waits for one deadline at a time).
/// Completed by the <see cref="StreamPacer"/> or by the request's cancellation, whichever comes
/// first; reusing it keeps the per-frame path free of Task and timer allocations. Continuations
/// run inline on the completing thread, so the pacer writes every due frame itself instead of
/// queueing 100,000 work items a second to the thread pool.
/// </summary>
internal sealed class DeadlineWaiter : IValueTaskSource, IDisposable
{
    private const long Idle = -1;

    private ManualResetValueTaskSourceCore<bool> _core;
    private CancellationTokenRegistration _registration;
    private CancellationToken _token;

    // The version of the wait in progress, or Idle: the pacer and a cancellation both complete
    // through one compare-exchange on it, so a stale queue entry can never complete a later wait.
    private long _armed = Idle;

    public DeadlineWaiter(CancellationToken token)
    {
        _token = token;
        if (token.CanBeCanceled)
        {
            _registration = token.UnsafeRegister(static s => ((DeadlineWaiter)s!).Cancel(), this);
        }
    }

    /// <summary>Starts a new wait; returns its version for <see cref="TryComplete"/> and <see cref="AsValueTask"/>.</summary>
    public short Arm()
    {
        _core.Reset();
        var version = _core.Version;
        Volatile.Write(ref _armed, version);
        if (_token.IsCancellationRequested)
        {
            Cancel();
        }

        return version;
    }

    public ValueTask AsValueTask(short version) => new(this, version);

    /// <summary>Completes the wait <paramref name="version"/> if it is still in progress.</summary>
    public void TryComplete(short version)
    {
        if (Interlocked.CompareExchange(ref _armed, Idle, version) == version)
        {
            _core.SetResult(true);
        }
    }

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    public void Dispose()
    {
        _registration.Dispose();
        _token = CancellationToken.None;
    }

    private void Cancel()
    {
        var version = Volatile.Read(ref _armed);
        if (version != Idle && Interlocked.CompareExchange(ref _armed, Idle, version) == version)
        {
            _core.SetException(new OperationCanceledException(_token));
        }
    }
}
