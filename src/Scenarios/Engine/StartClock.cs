namespace LoadTest.Scenarios.Engine;

/// <summary>
/// The run's clock in milliseconds since its start, and a wait that lands on a given time. On the
/// system clock a timer alone wakes up to a couple of milliseconds late, so it sleeps until just
/// before the due time and yields the processor in a loop for the rest; that keeps open-model
/// start lateness well under a millisecond at 1,000 starts/s. On any other TimeProvider (a fake
/// clock in tests) it is a plain delay.
/// </summary>
public sealed class StartClock
{
    private const double SpinWindowMs = 1.5;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly bool _precise;

    public StartClock(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _origin = time.GetTimestamp();
        _precise = ReferenceEquals(time, TimeProvider.System);
    }

    public TimeProvider Time => _time;

    /// <summary>The clock's timestamp at the run's start (what <see cref="NowMs"/> counts from).</summary>
    public long Origin => _origin;

    public double NowMs => _time.GetElapsedTime(_origin).TotalMilliseconds;

    public async ValueTask WaitUntilAsync(double dueMs, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = dueMs - NowMs;
            if (remaining <= 0)
            {
                return;
            }

            if (!_precise)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(remaining), _time, cancellationToken);
            }
            else if (remaining > SpinWindowMs + 0.5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(remaining - SpinWindowMs), cancellationToken);
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
