using HdrHistogram;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Mix;

namespace LoadTest.Planner.Simulation;

/// <summary>
/// Simulates one inference profile's quotas (the shared <see cref="QuotaBucket"/>s with
/// <see cref="ProfileQuota"/>'s admission rule, on a simulated seconds clock) under Poisson arrivals of requests drawn from a token mix: each attempt reserves
/// at admission by the <see cref="ReservationPolicy"/>, gives the unused part back halfway through
/// its service time under progressive release (the time-average of a release in step with the
/// output), and settles to its actual cost when it completes. The client is the SDK's
/// <see cref="RetryProfile"/> (one per episode, shared by every request as one SDK client is),
/// asked in virtual time before each attempt (send, wait and ask again, or refuse on the client)
/// and after it (a success when the response arrives; a throttle retried after the profile's
/// delay, or the end of the request). Deterministic for a seed; every curve point reuses the same
/// arrival and mix draws (scaled in time), so noise does not make a curve wiggle.
/// </summary>
public sealed class ThrottleSimulator
{
    private readonly QuotaLimits _limits;
    private readonly SimulationSettings _settings;
    private readonly long[] _reserved;
    private readonly long[] _consumed;
    private readonly long[] _released;
    private readonly double[] _serviceSeconds;
    private readonly double _burndown;
    private readonly double _defaultServiceSeconds;
    private readonly Func<double, Func<double>, RetryProfile> _createProfile;

    /// <summary>The failure a throttled attempt reports to the profile: Bedrock's ThrottlingException, HTTP 429.</summary>
    private static readonly AttemptFailure Throttle = AttemptFailure.Service("ThrottlingException", 429);

    /// <summary>Per-request limiter waits are recorded in microseconds, up to a day.</summary>
    private const long MaxWaitMicros = 86_400_000_000L;

    /// <param name="limits">The profile's quotas (quota tokens).</param>
    /// <param name="burndown">Quota tokens per output token.</param>
    /// <param name="mix">Request shapes to draw from, uniformly (at least one).</param>
    /// <param name="defaultServiceSeconds">Reservation holding time of a shape that has none measured.</param>
    /// <param name="settings">Simulation settings.</param>
    /// <param name="createProfile">
    /// Builds the client's retry profile for an episode from its start time and the jitter source;
    /// null = <see cref="RetryProfiles.Create"/> with <see cref="SimulationSettings.Retry"/>.
    /// </param>
    public ThrottleSimulator(QuotaLimits limits, double burndown, IReadOnlyList<RequestShape> mix, double defaultServiceSeconds, SimulationSettings settings, Func<double, Func<double>, RetryProfile>? createProfile = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(settings);
        if (mix.Count == 0)
        {
            throw new ArgumentException("The token mix has no requests to draw from.", nameof(mix));
        }

        _limits = limits;
        _settings = settings;
        _burndown = burndown;
        _defaultServiceSeconds = defaultServiceSeconds;
        _createProfile = createProfile ?? ((now, random) => RetryProfiles.Create(settings.Retry, now, random));
        _reserved = new long[mix.Count];
        _consumed = new long[mix.Count];
        _released = new long[mix.Count];
        _serviceSeconds = new double[mix.Count];
        for (var i = 0; i < mix.Count; i++)
        {
            (_reserved[i], _consumed[i], _released[i], _serviceSeconds[i]) = CostsOf(mix[i]);
        }
    }

    /// <summary>
    /// Quota tokens reserved at admission, consumed, and released before completion (progressive
    /// release), and seconds the reservation is held.
    /// </summary>
    private (long Reserved, long Consumed, long Released, double ServiceSeconds) CostsOf(RequestShape s)
    {
        var consumed = QuotaCost.Consumed(s.InputTokens, s.CacheWriteTokens, s.OutputTokens, _burndown);

        // A shape whose max_tokens is unknown reserves what it used (the planner resolves a known
        // "sent without max_tokens" to the rule's default before it gets here).
        var max = s.MaxTokens > 0 ? s.MaxTokens : s.OutputTokens;
        var reserved = QuotaCost.Reserved(s.InputTokens, s.CacheWriteTokens, max, _burndown, _settings.Reservation);
        var released = QuotaCost.Released(reserved, s.InputTokens, s.CacheWriteTokens, s.OutputTokens, s.OutputTokens, _settings.Reservation);
        return (reserved, consumed, released, Math.Max(0, _settings.FixedServiceSeconds ?? s.ServiceSeconds ?? _defaultServiceSeconds));
    }

    /// <summary>Every multiplier of the settings over <paramref name="baselineRpm"/>, in parallel.</summary>
    public IReadOnlyList<CurvePoint> Curve(double baselineRpm)
    {
        var multipliers = _settings.Multipliers;
        var points = new CurvePoint[multipliers.Count];
        Parallel.For(0, multipliers.Count, i => points[i] = Simulate(baselineRpm * multipliers[i], multipliers[i], _settings.EpisodeSeconds, _settings.RequestsPerPoint));
        return points;
    }

    /// <summary>Simulates <paramref name="requests"/> logical requests offered at <paramref name="offeredRpm"/>.</summary>
    public CurvePoint Simulate(double offeredRpm, double multiplier, double episodeSeconds, int requests)
    {
        if (offeredRpm <= 0 || double.IsNaN(offeredRpm) || double.IsInfinity(offeredRpm))
        {
            throw new ArgumentOutOfRangeException(nameof(offeredRpm), offeredRpm, "The offered load must be a positive rate.");
        }

        if (episodeSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(episodeSeconds), episodeSeconds, "An episode must be longer than zero seconds.");
        }

        // Arrivals and mix draws come from one generator and retry jitter from another, so the
        // arrival sequence is identical at every multiplier (common random numbers).
        var arrivals = new PoissonArrivals(new FastRandom(_settings.Seed), offeredRpm / 60.0, episodeSeconds, requests);
        var jitter = Jitter();
        var tally = new Tally();
        var simulatedSeconds = 0.0;
        while (arrivals.Remaining > 0)
        {
            arrivals.StartEpisode();
            var lastArrival = RunEpisode(ref arrivals, new Costs(_reserved, _consumed, _released, _serviceSeconds), jitter, tally);
            simulatedSeconds += arrivals.Remaining > 0 ? episodeSeconds : Math.Max(lastArrival, 1e-9);
        }

        return tally.ToPoint(multiplier, offeredRpm, simulatedSeconds);
    }

    /// <summary>
    /// Replays a run's own requests (ascending by time) against fresh quotas over
    /// <paramref name="durationSeconds"/>: each at its own time with its own shape, or a shape
    /// drawn from the mix where it is unknown, so ramps, steps and spikes weigh as they did in the
    /// run rather than as their average rate. Says which requests ended throttled.
    /// </summary>
    public ReplayResult Replay(IReadOnlyList<ReplayArrival> arrivals, double multiplier, double durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        if (arrivals.Count == 0)
        {
            throw new ArgumentException("There are no arrivals to replay.", nameof(arrivals));
        }

        if (durationSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "A replay must be longer than zero seconds.");
        }

        // One sample per arrival (its own costs, or a drawn mix entry's), so an outcome maps back to its request.
        var reserved = new long[arrivals.Count];
        var consumed = new long[arrivals.Count];
        var released = new long[arrivals.Count];
        var service = new double[arrivals.Count];
        var times = new double[arrivals.Count];
        var draws = new FastRandom(_settings.Seed);
        for (var i = 0; i < arrivals.Count; i++)
        {
            times[i] = arrivals[i].Seconds;
            if (i > 0 && times[i] < times[i - 1])
            {
                throw new ArgumentException($"Arrivals must be in time order: arrival {i} at {times[i]} s comes after one at {times[i - 1]} s.", nameof(arrivals));
            }

            if (arrivals[i].Shape is { } shape)
            {
                (reserved[i], consumed[i], released[i], service[i]) = CostsOf(shape);
            }
            else
            {
                var k = draws.Next(_consumed.Length);
                (reserved[i], consumed[i], released[i], service[i]) = (_reserved[k], _consumed[k], _released[k], _serviceSeconds[k]);
            }
        }

        var replay = new ReplayedArrivals(times);
        var jitter = Jitter();
        var tally = new Tally();
        var throttled = new bool[arrivals.Count];
        RunEpisode(ref replay, new Costs(reserved, consumed, released, service), jitter, tally, throttled);
        return new ReplayResult(tally.ToPoint(multiplier, arrivals.Count / (durationSeconds / 60.0), durationSeconds), throttled);
    }

    /// <summary>One episode on fresh quotas and a fresh client; returns the time of its last arrival.</summary>
    /// <param name="throttledBySample">When given, marks each sample whose request ended throttled (by the server or refused on the client).</param>
    private double RunEpisode<TArrivals>(ref TArrivals arrivals, Costs costs, FastRandom jitter, Tally tally, bool[]? throttledBySample = null)
        where TArrivals : struct, IArrivals
    {
        var (reservedOf, consumedOf, releasedOf, serviceOf) = (costs.Reserved, costs.Consumed, costs.Released, costs.ServiceSeconds);
        var profile = _createProfile(0, jitter.NextDouble);
        var quota = new QuotaLedger(_limits);
        var calls = new CallSlots();

        // Responses of admitted attempts (settle the reservation, tell the profile) and the next
        // ask of a request that backs off or waits for the limiter; each carries the call's slot.
        var completions = new EventHeap();
        var releases = new EventHeap();
        var asks = new EventHeap();
        var lastArrival = 0.0;
        while (true)
        {
            var nextArrival = arrivals.Next;
            var askAt = asks.PeekTime;
            if (double.IsPositiveInfinity(nextArrival) && double.IsPositiveInfinity(askAt))
            {
                // No more attempts: the responses still in flight end their requests.
                Drain(double.PositiveInfinity);

                return lastArrival;
            }

            double now;
            int sample;
            int slot;
            if (nextArrival <= askAt)
            {
                now = nextArrival;
                lastArrival = now;
                sample = arrivals.Take(consumedOf.Length);
                slot = calls.Start(profile);
                tally.Offered++;
                tally.OfferedTokens += consumedOf[sample];
            }
            else
            {
                asks.Pop(out now, out sample, out slot);
            }

            Drain(now);

            var call = calls.Call(slot);
            var limiter = profile.BeforeAttempt(call, now, calls.Waits(slot));
            if (limiter.Action == LimiterAction.Wait)
            {
                var wait = Math.Max(0, limiter.WaitSeconds);
                call.AddLimiterWait(wait);
                calls.CountWait(slot);
                asks.Push(now + wait, sample, slot);
                continue;
            }

            if (limiter.Action == LimiterAction.Refuse)
            {
                tally.ClientRefused++;
                Fail(sample, slot);
                continue;
            }

            calls.ResetWaits(slot);
            call.CountAttempt();
            tally.Attempts++;
            if (quota.TryAdmit(reservedOf[sample], now) == QuotaDecision.Admitted)
            {
                tally.Admitted++;
                tally.AcceptedTokens += consumedOf[sample];
                completions.Push(now + serviceOf[sample], sample, slot);
                if (releasedOf[sample] > 0)
                {
                    releases.Push(now + (serviceOf[sample] / 2), sample, slot);
                }

                continue;
            }

            tally.ThrottledAttempts++;
            var decision = profile.AfterFailure(call, Throttle, now);
            if (decision.Retry)
            {
                var delay = Math.Max(0, decision.DelaySeconds);
                asks.Push(now + delay, sample, slot);
            }
            else
            {
                tally.ServerThrottled++;
                Fail(sample, slot);
            }
        }

        // Releases and responses due by `until`, in time order (a request's release comes before its response).
        void Drain(double until)
        {
            while (true)
            {
                var releaseAt = releases.PeekTime;
                var doneAt = completions.PeekTime;
                if (releaseAt <= doneAt && releaseAt <= until && releases.Count > 0)
                {
                    releases.Pop(out var at, out var sample, out _);
                    quota.Settle(releasedOf[sample], 0, at);
                }
                else if (doneAt <= until && completions.Count > 0)
                {
                    completions.Pop(out var at, out var done, out var doneSlot);
                    Complete(done, doneSlot, at);
                }
                else
                {
                    return;
                }
            }
        }

        // The response arrives when the request completes: what is still held settles and the
        // profile hears of the success (the adaptive limiter measures responses).
        void Complete(int done, int doneSlot, double doneAt)
        {
            // Only an over- or under-reservation has anything to settle.
            var held = reservedOf[done] - releasedOf[done];
            if (held != consumedOf[done])
            {
                quota.Settle(held, consumedOf[done], doneAt);
            }

            var call = calls.Call(doneSlot);
            profile.AfterSuccess(call, doneAt);
            tally.End(call);
            calls.Free(doneSlot);
        }

        void Fail(int failed, int failedSlot)
        {
            tally.Throttled++;
            tally.RefusedTokens += consumedOf[failed];
            if (throttledBySample is not null)
            {
                throttledBySample[failed] = true;
            }

            tally.End(calls.Call(failedSlot));
            calls.Free(failedSlot);
        }
    }

    /// <summary>The calls in progress, by slot (reused once a call ends): the profile's state and the limiter waits before the next attempt.</summary>
    private sealed class CallSlots
    {
        private RetryCallState[] _calls = new RetryCallState[256];
        private int[] _waits = new int[256];
        private int[] _free = new int[256];
        private int _freeCount;
        private int _used;

        /// <summary>A slot for a new call: an ended call's state, reset, or a new one from the profile.</summary>
        public int Start(RetryProfile profile)
        {
            int slot;
            if (_freeCount > 0)
            {
                slot = _free[--_freeCount];
            }
            else
            {
                if (_used == _calls.Length)
                {
                    Array.Resize(ref _calls, _used * 2);
                    Array.Resize(ref _waits, _used * 2);
                    Array.Resize(ref _free, _used * 2);
                }

                slot = _used++;
            }

            if (_calls[slot] is { } ended)
            {
                ended.Reset();
            }
            else
            {
                _calls[slot] = profile.StartCall();
            }

            _waits[slot] = 0;
            return slot;
        }

        public RetryCallState Call(int slot) => _calls[slot];

        public int Waits(int slot) => _waits[slot];

        public void CountWait(int slot) => _waits[slot]++;

        public void ResetWaits(int slot) => _waits[slot] = 0;

        public void Free(int slot)
        {
            _free[_freeCount++] = slot;
        }
    }

    private interface IArrivals
    {
        /// <summary>Time of the next arrival, or +infinity when there is none.</summary>
        double Next { get; }

        /// <summary>Takes the next arrival: returns its mix sample (0 to <paramref name="shapes"/> - 1) and moves on.</summary>
        int Take(int shapes);
    }

    /// <summary>Poisson arrivals in episodes; the sample and the next gap come from one generator, in that order.</summary>
    private struct PoissonArrivals(FastRandom random, double perSecond, double episodeSeconds, int requests) : IArrivals
    {
        private double _next;

        public int Remaining { get; private set; } = requests;

        public readonly double Next => Remaining > 0 && _next < episodeSeconds ? _next : double.PositiveInfinity;

        public void StartEpisode() => _next = Exponential(random) / perSecond;

        public int Take(int shapes)
        {
            var sample = random.Next(shapes);
            Remaining--;
            _next += Exponential(random) / perSecond;
            return sample;
        }
    }

    /// <summary>Arrival times; the i-th arrival is sample i.</summary>
    private struct ReplayedArrivals(double[] times) : IArrivals
    {
        private int _index;

        public readonly double Next => _index < times.Length ? times[_index] : double.PositiveInfinity;

        public int Take(int shapes) => _index++;
    }

    /// <summary>Per sample: quota tokens reserved, consumed and released early, and seconds the reservation is held.</summary>
    private readonly record struct Costs(long[] Reserved, long[] Consumed, long[] Released, double[] ServiceSeconds);

    private sealed class Tally
    {
        private readonly LongHistogram _limiterWaitMicros = new(1, MaxWaitMicros, 3);

        public long Offered;
        public long Attempts;
        public long ThrottledAttempts;
        public long Throttled;
        public long ServerThrottled;
        public long ClientRefused;
        public long Admitted;
        public double OfferedTokens;
        public double AcceptedTokens;
        public double RefusedTokens;

        /// <summary>A request ended (admitted and answered, throttled or refused): records its time in the limiter.</summary>
        public void End(RetryCallState call)
        {
            // Most requests never wait: counted here and added to the histogram once, at the end.
            if (call.LimiterSeconds <= 0)
            {
                _noWait++;
                return;
            }

            _limiterWaitMicros.RecordValue(Math.Min(MaxWaitMicros, (long)Math.Round(call.LimiterSeconds * 1e6)));
        }

        private long _noWait;

        public CurvePoint ToPoint(double multiplier, double offeredRpm, double simulatedSeconds)
        {
            if (_noWait > 0)
            {
                _limiterWaitMicros.RecordValueWithCount(0, _noWait);
                _noWait = 0;
            }

            var minutes = simulatedSeconds / 60.0;
            return new CurvePoint
            {
                Multiplier = multiplier,
                OfferedRpm = offeredRpm,
                Requests = Offered,
                Attempts = Attempts,
                ThrottledAttempts = ThrottledAttempts,
                Throttled = Throttled,
                ServerThrottled = ServerThrottled,
                ClientRefused = ClientRefused,
                ThrottleRate = Offered == 0 ? 0 : (double)Throttled / Offered,
                ClientRefusalRate = Offered == 0 ? 0 : (double)ClientRefused / Offered,
                AttemptThrottleRate = Attempts == 0 ? 0 : (double)ThrottledAttempts / Attempts,
                AttemptsPerRequest = Offered == 0 ? 0 : (double)Attempts / Offered,
                LimiterWaitP95Seconds = _limiterWaitMicros.TotalCount == 0 ? 0 : _limiterWaitMicros.GetValueAtPercentile(95) / 1e6,
                AcceptedRpm = Admitted / minutes,
                OfferedQuotaTpm = OfferedTokens / minutes,
                AcceptedQuotaTpm = AcceptedTokens / minutes,
                RefusedQuotaTokenShare = OfferedTokens == 0 ? 0 : RefusedTokens / OfferedTokens,
                SimulatedMinutes = minutes,
            };
        }
    }

    /// <summary>The retry-jitter generator: seeded apart from the arrivals so they stay the same at every multiplier.</summary>
    private FastRandom Jitter() => new(unchecked((_settings.Seed * 7919L) + 17));

    private static double Exponential(FastRandom random) => -Math.Log(1.0 - random.NextDouble());
}
