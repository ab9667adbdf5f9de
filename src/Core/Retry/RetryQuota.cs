namespace LoadTest.Core.Retry;

/// <summary>
/// The standard retry mode's retry quota (a token bucket of retry capacity shared by a client):
/// a retry takes a cost, a success gives back what its call took (or a small increment when it
/// took nothing), and when the bucket cannot pay the cost the call is not retried. Thread-safe.
/// </summary>
public sealed class RetryQuota
{
    private int _available;

    public RetryQuota(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _available = capacity;
    }

    public int Capacity { get; }

    public int Available => Volatile.Read(ref _available);

    /// <summary>Takes <paramref name="cost"/> if the bucket holds at least that much.</summary>
    public bool TryAcquire(int cost)
    {
        // Lock-free: every successful call in a simulation passes here or in Release.
        while (true)
        {
            var available = Volatile.Read(ref _available);
            if (cost > available)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _available, available - cost, available) == available)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back <paramref name="amount"/>, never above <see cref="Capacity"/>.</summary>
    public void Release(int amount)
    {
        while (true)
        {
            var available = Volatile.Read(ref _available);
            var next = Math.Min(Capacity, available + amount);
            if (next == available || Interlocked.CompareExchange(ref _available, next, available) == available)
            {
                return;
            }
        }
    }
}
