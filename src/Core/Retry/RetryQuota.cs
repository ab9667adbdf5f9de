namespace LoadTest.Core.Retry;

/// <summary>
/// The standard retry mode's retry quota (a token bucket of retry capacity shared by a client):
/// a retry takes a cost, a success gives back what its call took (or a small increment when it
/// took nothing), and when the bucket cannot pay the cost the call is not retried. Thread-safe.
/// </summary>
public sealed class RetryQuota
{
    private readonly Lock _gate = new();
    private int _available;

    public RetryQuota(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _available = capacity;
    }

    public int Capacity { get; }

    public int Available
    {
        get
        {
            lock (_gate)
            {
                return _available;
            }
        }
    }

    /// <summary>Takes <paramref name="cost"/> if the bucket holds at least that much.</summary>
    public bool TryAcquire(int cost)
    {
        lock (_gate)
        {
            if (cost > _available)
            {
                return false;
            }

            _available -= cost;
            return true;
        }
    }

    /// <summary>Gives back <paramref name="amount"/>, never above <see cref="Capacity"/>.</summary>
    public void Release(int amount)
    {
        lock (_gate)
        {
            _available = Math.Min(Capacity, _available + amount);
        }
    }
}
