namespace LoadTest.Core.Retry;

/// <summary>
/// Constants of the adaptive retry mode's client-side rate limiter. The AWS SDKs implement one
/// design (a CUBIC-style send-rate estimate feeding a token bucket); the defaults are the values
/// the SDKs share. A profile overrides the few that differ in its SDK.
/// </summary>
public sealed record CubicLimiterSettings
{
    /// <summary>Multiplicative decrease on a throttle.</summary>
    public double Beta { get; init; } = 0.7;

    /// <summary>CUBIC's C: how fast the rate grows back after a throttle.</summary>
    public double ScaleConstant { get; init; } = 0.4;

    /// <summary>Weight of the newest measurement in the smoothed send rate.</summary>
    public double Smoothing { get; init; } = 0.8;

    /// <summary>The send rate is measured in buckets of this many seconds.</summary>
    public double MeasurementBucketSeconds { get; init; } = 0.5;

    /// <summary>The token bucket never refills slower than this (sends per second).</summary>
    public double MinFillRate { get; init; } = 0.5;

    /// <summary>The token bucket holds at least this many tokens.</summary>
    public double MinCapacity { get; init; } = 1;

    /// <summary>The CUBIC curve's W_max before the first throttle.</summary>
    public double InitialMaxRate { get; init; }

    /// <summary>
    /// Whether the bucket starts empty: the first refill only starts the refill clock instead of
    /// filling the bucket to capacity (Java 2.x, JS v3 and AWSSDK.Core's TokenBucket start at 0 tokens). Default false.
    /// </summary>
    public bool StartsEmpty { get; init; }

    /// <summary>
    /// The bucket's fill rate (sends per second) from construction until the first response sets one;
    /// its capacity ceiling starts at this rate or <see cref="MinCapacity"/>, whichever is larger.
    /// Null (the default): <see cref="MinFillRate"/> and <see cref="MinCapacity"/>.
    /// </summary>
    public double? InitialFillRate { get; init; }

    /// <summary>
    /// Tokens in the bucket at construction, refilling from then on (botocore). Null (the default):
    /// the bucket starts full (or empty, see <see cref="StartsEmpty"/>) at its first refill.
    /// </summary>
    public double? InitialCapacity { get; init; }

    /// <summary>
    /// Decimal places the SDK rounds the measured rate, the CUBIC time window and the computed
    /// rates to (JS v3 rounds to 8 with toFixed); null = no rounding.
    /// </summary>
    public int? RoundingDigits { get; init; }
}

/// <summary>
/// The adaptive retry mode's client-side rate limiter state, on an explicit seconds clock:
/// the measured send rate, the CUBIC rate curve, and the token bucket it drives. The bucket is
/// off until the first throttle. How a caller waits for a token differs per SDK (wait and ask
/// again, wait once and take it regardless, refuse), so this class only answers questions and
/// takes tokens; the SDK profiles decide. Thread-safe.
/// </summary>
public sealed class CubicRateLimiter
{
    private readonly Lock _gate = new();
    private readonly CubicLimiterSettings _settings;
    private double _fillRate;
    private double _maxCapacity;
    private double _capacity;
    private double? _lastRefill;
    private double _measuredRate;
    private double _lastMeasurementBucket;
    private double _requestCount;
    private double _lastMaxRate;
    private double _lastThrottleTime;
    private double _timeWindow;
    private bool _enabled;

    /// <summary>Tokens short of a request that <see cref="TakeOrSecondsToWait"/> treats as rounding error.</summary>
    public const double RoundingTolerance = 1e-9;

    public CubicRateLimiter(CubicLimiterSettings settings, double now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _lastMaxRate = settings.InitialMaxRate;
        _lastThrottleTime = now;
        _lastMeasurementBucket = Math.Floor(now);
        _fillRate = settings.InitialFillRate is { } initialRate ? Math.Max(initialRate, settings.MinFillRate) : settings.MinFillRate;
        _maxCapacity = settings.InitialFillRate is { } rate ? Math.Max(rate, settings.MinCapacity) : settings.MinCapacity;
        if (settings.InitialCapacity is { } initialCapacity)
        {
            _capacity = Math.Min(initialCapacity, _maxCapacity);
            _lastRefill = now;
        }

        _timeWindow = TimeWindow(_lastMaxRate);
    }

    public CubicLimiterSettings Settings => _settings;

    /// <summary>Whether the token bucket is on (it turns on at the first throttle and stays on).</summary>
    public bool Enabled
    {
        get
        {
            lock (_gate)
            {
                return _enabled;
            }
        }
    }

    /// <summary>Tokens per second the bucket refills at.</summary>
    public double FillRate
    {
        get
        {
            lock (_gate)
            {
                return _fillRate;
            }
        }
    }

    /// <summary>The smoothed measured send rate (responses per second).</summary>
    public double MeasuredRate
    {
        get
        {
            lock (_gate)
            {
                return _measuredRate;
            }
        }
    }

    /// <summary>Tokens in the bucket at <paramref name="now"/> (may be negative after <see cref="Take"/>).</summary>
    public double Capacity(double now)
    {
        lock (_gate)
        {
            Refill(now);
            return _capacity;
        }
    }

    /// <summary>
    /// Tokens in the bucket as last refilled, without refilling now: what an SDK sees that checks
    /// the bucket again between waits without refilling it (AWSSDK.Core's legacy rules).
    /// </summary>
    public double StoredCapacity
    {
        get
        {
            lock (_gate)
            {
                return _capacity;
            }
        }
    }

    /// <summary>Like <see cref="TryTake"/> but against <see cref="StoredCapacity"/>, without refilling first.</summary>
    public bool TryTakeStored(double amount = 1)
    {
        lock (_gate)
        {
            if (!_enabled)
            {
                return true;
            }

            if (_capacity < amount)
            {
                return false;
            }

            _capacity -= amount;
            return true;
        }
    }

    /// <summary>Takes <paramref name="amount"/> tokens if the bucket is off or holds them.</summary>
    public bool TryTake(double now, double amount = 1)
    {
        lock (_gate)
        {
            if (!_enabled)
            {
                return true;
            }

            Refill(now);
            if (_capacity < amount)
            {
                return false;
            }

            _capacity -= amount;
            return true;
        }
    }

    /// <summary>Seconds until the bucket holds <paramref name="amount"/> tokens at the current fill rate (0 if it does or is off).</summary>
    public double SecondsUntilAvailable(double now, double amount = 1)
    {
        lock (_gate)
        {
            if (!_enabled)
            {
                return 0;
            }

            Refill(now);
            return _capacity >= amount ? 0 : (amount - _capacity) / _fillRate;
        }
    }

    /// <summary>
    /// Takes <paramref name="amount"/> tokens if the bucket is off or holds them and returns 0; otherwise
    /// takes nothing and returns the seconds until it will hold them at the current fill rate. One
    /// lock for both, so a caller that waits and asks again never gets a 0 wait it cannot use. A
    /// shortfall under <see cref="RoundingTolerance"/> counts as there: after waiting exactly the
    /// returned time the refill can land a rounding error short, and a virtual clock cannot advance
    /// by a wait that small (2.1 + 1e-17 == 2.1), so the caller would ask forever.
    /// </summary>
    public double TakeOrSecondsToWait(double now, double amount = 1)
    {
        lock (_gate)
        {
            if (!_enabled)
            {
                return 0;
            }

            Refill(now);
            if (_capacity >= amount - RoundingTolerance)
            {
                _capacity -= amount;
                return 0;
            }

            return (amount - _capacity) / _fillRate;
        }
    }

    /// <summary>Takes <paramref name="amount"/> tokens even if that leaves the bucket negative (no-op while off).</summary>
    public void Take(double now, double amount = 1)
    {
        lock (_gate)
        {
            if (!_enabled)
            {
                return;
            }

            Refill(now);
            _capacity -= amount;
        }
    }

    /// <summary>After every response: updates the measured rate, the CUBIC curve and the bucket's rate.</summary>
    public void Update(double now, bool throttled)
    {
        lock (_gate)
        {
            UpdateMeasuredRate(now);
            double calculated;
            if (throttled)
            {
                var rateToUse = _enabled ? Math.Min(_measuredRate, _fillRate) : _measuredRate;
                _lastMaxRate = rateToUse;
                _timeWindow = TimeWindow(_lastMaxRate);
                _lastThrottleTime = now;
                calculated = Round(rateToUse * _settings.Beta);
                _enabled = true;
            }
            else
            {
                _timeWindow = TimeWindow(_lastMaxRate);
                var dt = now - _lastThrottleTime - _timeWindow;
                calculated = Round((_settings.ScaleConstant * dt * dt * dt) + _lastMaxRate);
            }

            SetRate(now, Math.Min(calculated, 2 * _measuredRate));
        }
    }

    private double TimeWindow(double maxRate) => Round(Math.Cbrt(maxRate * (1 - _settings.Beta) / _settings.ScaleConstant));

    private double Round(double value)
        => _settings.RoundingDigits is { } digits ? Math.Round(value, digits, MidpointRounding.AwayFromZero) : value;

    private void SetRate(double now, double rate)
    {
        Refill(now);
        _fillRate = Math.Max(rate, _settings.MinFillRate);
        _maxCapacity = Math.Max(rate, _settings.MinCapacity);
        _capacity = Math.Min(_capacity, _maxCapacity);
    }

    private void Refill(double now)
    {
        if (_lastRefill is not { } last)
        {
            _lastRefill = now;
            _capacity = _settings.StartsEmpty ? 0 : _maxCapacity;
            return;
        }

        if (now > last)
        {
            _capacity = Math.Min(_maxCapacity, _capacity + ((now - last) * _fillRate));
            _lastRefill = now;
        }
    }

    private void UpdateMeasuredRate(double now)
    {
        var bucketSeconds = _settings.MeasurementBucketSeconds;
        var bucket = Math.Floor(now / bucketSeconds) * bucketSeconds;
        _requestCount++;
        if (bucket > _lastMeasurementBucket)
        {
            var current = _requestCount / (bucket - _lastMeasurementBucket);
            _measuredRate = Round((current * _settings.Smoothing) + (_measuredRate * (1 - _settings.Smoothing)));
            _requestCount = 0;
            _lastMeasurementBucket = bucket;
        }
    }
}
