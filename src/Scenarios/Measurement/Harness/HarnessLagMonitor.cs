using LoadTest.Config;
using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>
/// Watches the harness's own delay while a run goes, as k6 warns of an overloaded load generator:
/// every sample interval it queues a work item on the thread pool and arms a timer, each stamped
/// with the time, and reads how late they ran; and it reads the process CPU and the pool's queue.
/// It samples on a thread of its own that waits on a kernel event, not on the pool or a pool
/// timer: when the pool is starved, which is what it must report, it keeps sampling, and a probe
/// still waiting counts with its age so far. The readings fold into one-second windows
/// (<see cref="HarnessTimeline"/>) judged by <see cref="SaturationRule"/>.
/// </summary>
public sealed class HarnessLagMonitor : IDisposable
{
    /// <summary>20 readings a second: enough to place a stall within the second, one work item and one timer each.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The progress line looks this many whole seconds back, so a stall that also delayed the progress loop is still shown when it prints.</summary>
    private const int RecentSeconds = 2;
    private const long NotYet = long.MinValue;

    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly SaturationSettings _settings;
    private readonly TimeSpan _interval;
    private readonly long _intervalTicks;
    private readonly int _cores = Environment.ProcessorCount;
    private readonly Lock _gate = new();
    private readonly List<HarnessSecond> _seconds = [];
    private readonly LatencyHistogram _lag = new(2);
    private readonly LatencyHistogram _dispatch = new(2);
    private readonly LatencyHistogram _timer = new(2);
    private readonly ManualResetEvent _stop = new(false);
    private readonly ITimer _timerProbe;
    private Thread? _thread;

    // The probes' state belongs to the monitor thread; the probes themselves only write when they ran.
    private long _dispatchQueuedAt;
    private bool _dispatchPending;
    private long _dispatchRanAt = NotYet;
    private long _timerDueAt;
    private bool _timerPending;
    private long _timerFiredAt = NotYet;
    private long _lastReadingAt;
    private TimeSpan _lastCpu;
    private double _timerTickMs;

    /// <param name="time">The run's clock; <paramref name="origin"/> is its timestamp at the run's start.</param>
    public HarnessLagMonitor(TimeProvider time, long origin, SaturationSettings settings, TimeSpan? interval = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _origin = origin;
        _interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_interval, TimeSpan.Zero, nameof(interval));
        _intervalTicks = (long)(_interval.TotalSeconds * time.TimestampFrequency);
        _timerProbe = time.CreateTimer(static m => ((HarnessLagMonitor)m!).TimerFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start()
    {
        if (_thread is not null)
        {
            return;
        }

        _lastReadingAt = _time.GetTimestamp();
        _lastCpu = Environment.CpuUsage.TotalTime;
        _thread = new Thread(Loop) { IsBackground = true, Name = "harness lag monitor" };
        _thread.Start();
    }

    /// <summary>Stops sampling; what was read stays available to <see cref="Summary"/>.</summary>
    public void Stop()
    {
        _stop.Set();

        // Bounded: the loop checks the event at least once per interval.
        _thread?.Join(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        Stop();

        // A thread that did not end in time still arms the timer and waits on the event: leave them to it.
        if (_thread?.IsAlive != true)
        {
            _timerProbe.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>The last <see cref="RecentSeconds"/> whole seconds and the current one, as of <paramref name="nowMs"/> on the run clock.</summary>
    public HarnessStatus Status(double nowMs)
    {
        lock (_gate)
        {
            var from = Math.Max(0, (int)(nowMs / 1000) - RecentSeconds);
            bool saturated = false;
            double lag = 0, cpuMs = 0, wallMs = 0;
            for (var i = from; i < _seconds.Count; i++)
            {
                var s = _seconds[i];
                saturated |= SaturationRule.IsSaturated(s, _settings);
                lag = Math.Max(lag, s.MaxLagMs);
                cpuMs += s.CpuWeightedMs;
                wallMs += s.WallMs;
            }

            return new HarnessStatus(saturated, lag, wallMs > 0 ? cpuMs / wallMs : 0);
        }
    }

    public HarnessSummary Summary()
    {
        lock (_gate)
        {
            var periods = SaturationRule.Periods(_seconds, _settings, _cores);
            double cpuMs = 0, wallMs = 0, cpuMax = 0;
            long pending = 0;
            foreach (var s in _seconds)
            {
                cpuMs += s.CpuWeightedMs;
                wallMs += s.WallMs;
                pending = Math.Max(pending, s.MaxPendingWorkItems);
                if (SaturationRule.CoversCpu(s))
                {
                    cpuMax = Math.Max(cpuMax, s.Cpu);
                }
            }

            return new HarnessSummary
            {
                Saturated = periods.Count > 0,
                Periods = periods,
                LagMs = _lag.ToPercentiles(),
                DispatchLagMs = _dispatch.ToPercentiles(),
                TimerLagMs = _timer.ToPercentiles(),
                Cpu = new CpuUse(wallMs > 0 ? Math.Round(cpuMs / wallMs, 3) : 0, Math.Round(cpuMax, 3)),
                MaxPendingWorkItems = pending,
                Cores = _cores,
                SampleIntervalMs = _interval.TotalMilliseconds,
                LagThresholdMs = _settings.Lag.TotalMilliseconds,
                CpuThreshold = _settings.Cpu,
                TimerTickMs = Volatile.Read(ref _timerTickMs),
            };
        }
    }

    private void Loop()
    {
        // On this thread (the run does not wait for it), once per process: a host fact the planner needs.
        Volatile.Write(ref _timerTickMs, HostTimerTick.OfThisHost);
        var due = _time.GetTimestamp();
        while (true)
        {
            due += _intervalTicks;
            var wait = _time.GetElapsedTime(_time.GetTimestamp(), due);
            if (_stop.WaitOne(wait > TimeSpan.Zero ? wait : TimeSpan.Zero))
            {
                return;
            }

            var now = _time.GetTimestamp();
            var wokeLateMs = Math.Max(0, _time.GetElapsedTime(due, now).TotalMilliseconds);
            if (now - due > _intervalTicks)
            {
                // Woken far too late (the machine is out of CPU): one reading says so; a burst of
                // catch-up readings would not add anything.
                due = now;
            }

            Read(now, wokeLateMs);
        }
    }

    private void Read(long now, double wokeLateMs)
    {
        var dispatch = 0.0;
        if (_dispatchPending)
        {
            var ran = Volatile.Read(ref _dispatchRanAt);
            _dispatchPending = ran == NotYet;
            dispatch = Ms(_dispatchQueuedAt, _dispatchPending ? now : ran);
        }

        var timer = wokeLateMs;
        if (_timerPending)
        {
            var fired = Volatile.Read(ref _timerFiredAt);
            _timerPending = fired == NotYet;
            timer = Math.Max(timer, Ms(_timerDueAt, _timerPending ? now : fired));
        }

        var cpuTime = Environment.CpuUsage.TotalTime;
        var wallMs = Ms(_lastReadingAt, now);
        var cpu = wallMs > 0 ? Math.Clamp((cpuTime - _lastCpu).TotalMilliseconds / wallMs / _cores, 0, 1) : 0;
        _lastReadingAt = now;
        _lastCpu = cpuTime;

        var sample = new HarnessSample(Ms(_origin, now), dispatch, timer, cpu, wallMs, ThreadPool.PendingWorkItemCount);
        lock (_gate)
        {
            HarnessTimeline.Add(_seconds, sample, _settings.Lag.TotalMilliseconds);
            _lag.Record(sample.LagMs);
            _dispatch.Record(dispatch);
            _timer.Record(timer);
        }

        // One probe of each kind at a time: a starved pool must not collect a queue of our own probes.
        if (!_dispatchPending)
        {
            _dispatchPending = true;
            Volatile.Write(ref _dispatchRanAt, NotYet);
            _dispatchQueuedAt = _time.GetTimestamp();
            ThreadPool.UnsafeQueueUserWorkItem(static m => m.DispatchRan(), this, preferLocal: false);
        }

        if (!_timerPending)
        {
            _timerPending = true;
            Volatile.Write(ref _timerFiredAt, NotYet);
            _timerDueAt = _time.GetTimestamp() + _intervalTicks;
            _timerProbe.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    private void DispatchRan() => Volatile.Write(ref _dispatchRanAt, _time.GetTimestamp());

    private void TimerFired() => Volatile.Write(ref _timerFiredAt, _time.GetTimestamp());

    private double Ms(long from, long to) => Math.Max(0, _time.GetElapsedTime(from, to).TotalMilliseconds);
}
