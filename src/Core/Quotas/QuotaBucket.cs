namespace LoadTest.Core.Quotas;

/// <summary>
/// A token bucket holding one per-period quota (tokens or requests per minute, tokens per day):
/// it starts full, refills continuously at capacity / period, and never holds more than its
/// capacity. Time is passed in as seconds on a monotonic clock so the same bucket runs on a real
/// clock in the emulator and on simulated time in the planner. Not thread-safe: callers lock.
/// </summary>
public sealed class QuotaBucket
{
    private readonly double _refillPerSecond;
    private double _level;
    private double _lastSeconds;

    public QuotaBucket(double capacity, TimeSpan period, double nowSeconds = 0)
    {
        if (capacity <= 0 || double.IsNaN(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A quota bucket needs a positive capacity.");
        }

        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A quota period must be positive.");
        }

        Capacity = capacity;
        _refillPerSecond = capacity / period.TotalSeconds;
        _level = capacity;
        _lastSeconds = nowSeconds;
    }

    public double Capacity { get; }

    /// <summary>Tokens available at <paramref name="nowSeconds"/> (may be negative after a settlement overdraw).</summary>
    public double Available(double nowSeconds)
    {
        Refill(nowSeconds);
        return _level;
    }

    /// <summary>Takes <paramref name="amount"/> if the bucket holds that much; otherwise takes nothing.</summary>
    public bool TryTake(double amount, double nowSeconds)
    {
        Refill(nowSeconds);
        if (amount > _level)
        {
            return false;
        }

        _level -= amount;
        return true;
    }

    /// <summary>
    /// Settles a reservation to the actual use: gives back what was over-reserved, or takes the
    /// shortfall (the level may go below zero; later requests then wait for the refill).
    /// </summary>
    public void Settle(double reserved, double actual, double nowSeconds)
    {
        Refill(nowSeconds);
        _level = Math.Min(Capacity, _level + reserved - actual);
    }

    private void Refill(double nowSeconds)
    {
        if (nowSeconds <= _lastSeconds)
        {
            return;
        }

        _level = Math.Min(Capacity, _level + ((nowSeconds - _lastSeconds) * _refillPerSecond));
        _lastSeconds = nowSeconds;
    }
}
