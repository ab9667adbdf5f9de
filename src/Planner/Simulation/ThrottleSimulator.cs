using LoadTest.Bedrock.Quotas;
using LoadTest.Planner.Mix;

namespace LoadTest.Planner.Simulation;

/// <summary>
/// Simulates one inference profile's quotas (the shared <see cref="QuotaBucket"/>s with
/// <see cref="ProfileQuota"/>'s admission rule, on a simulated seconds clock) under Poisson arrivals of requests drawn from a token mix: each attempt reserves
/// at admission, settles to its actual cost when it completes, and a throttled attempt is retried
/// with the retry mode's backoff. Deterministic for a seed; every curve point reuses the same
/// arrival and mix draws (scaled in time), so noise does not make a curve wiggle.
/// </summary>
public sealed class ThrottleSimulator
{
    private readonly QuotaLimits _limits;
    private readonly SimulationSettings _settings;
    private readonly long[] _reserved;
    private readonly long[] _consumed;
    private readonly double[] _serviceSeconds;

    /// <param name="limits">The profile's quotas (quota tokens).</param>
    /// <param name="burndown">Quota tokens per output token.</param>
    /// <param name="mix">Request shapes to draw from, uniformly (at least one).</param>
    /// <param name="defaultServiceSeconds">Reservation holding time of a shape that has none measured.</param>
    /// <param name="settings">Simulation settings.</param>
    public ThrottleSimulator(QuotaLimits limits, double burndown, IReadOnlyList<RequestShape> mix, double defaultServiceSeconds, SimulationSettings settings)
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
        _reserved = new long[mix.Count];
        _consumed = new long[mix.Count];
        _serviceSeconds = new double[mix.Count];
        for (var i = 0; i < mix.Count; i++)
        {
            var s = mix[i];
            _consumed[i] = QuotaCost.Consumed(s.InputTokens, s.CacheWriteTokens, s.OutputTokens, burndown);

            // A request without a max_tokens of its own reserves what it used.
            var max = s.MaxTokens > 0 ? s.MaxTokens : s.OutputTokens;
            _reserved[i] = QuotaCost.Reserved(s.InputTokens, s.CacheWriteTokens, max, burndown, settings.Reservation);
            _serviceSeconds[i] = Math.Max(0, settings.FixedServiceSeconds ?? s.ServiceSeconds ?? defaultServiceSeconds);
        }
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
        var arrivals = new FastRandom(_settings.Seed);
        var jitter = new FastRandom(unchecked((_settings.Seed * 7919L) + 17));
        var maxAttempts = _settings.EffectiveMaxAttempts;
        var perSecond = offeredRpm / 60.0;
        var completions = new EventHeap();
        var retries = new EventHeap();

        long offered = 0, attempts = 0, throttledAttempts = 0, throttled = 0, admitted = 0;
        double offeredTokens = 0, acceptedTokens = 0, refusedTokens = 0, simulatedSeconds = 0;
        var remaining = requests;
        while (remaining > 0)
        {
            var quota = new QuotaLedger(_limits);
            completions.Clear();
            retries.Clear();
            var nextArrival = Exponential(arrivals) / perSecond;
            var lastArrival = 0.0;
            while (true)
            {
                var arrivalDue = remaining > 0 && nextArrival < episodeSeconds;
                var retryAt = retries.PeekTime;
                if (!arrivalDue && double.IsPositiveInfinity(retryAt))
                {
                    break;
                }

                double now;
                int sample;
                int attempt;
                if (arrivalDue && nextArrival <= retryAt)
                {
                    now = nextArrival;
                    lastArrival = now;
                    sample = arrivals.Next(_consumed.Length);
                    attempt = 1;
                    remaining--;
                    offered++;
                    offeredTokens += _consumed[sample];
                    nextArrival += Exponential(arrivals) / perSecond;
                }
                else
                {
                    retries.Pop(out now, out sample, out attempt);
                }

                while (completions.PeekTime <= now)
                {
                    completions.Pop(out var doneAt, out var done, out _);
                    quota.Settle(_reserved[done], _consumed[done], doneAt);
                }

                attempts++;
                if (quota.TryAdmit(_reserved[sample], now) == QuotaDecision.Admitted)
                {
                    admitted++;
                    acceptedTokens += _consumed[sample];

                    // Only an over- or under-reservation has anything to settle.
                    if (_reserved[sample] != _consumed[sample])
                    {
                        completions.Push(now + _serviceSeconds[sample], sample, 0);
                    }

                    continue;
                }

                throttledAttempts++;
                if (attempt < maxAttempts)
                {
                    retries.Push(now + Backoff(jitter, attempt), sample, attempt + 1);
                }
                else
                {
                    throttled++;
                    refusedTokens += _consumed[sample];
                }
            }

            simulatedSeconds += remaining > 0 ? episodeSeconds : Math.Max(lastArrival, 1e-9);
        }

        var minutes = simulatedSeconds / 60.0;
        return new CurvePoint
        {
            Multiplier = multiplier,
            OfferedRpm = offeredRpm,
            Requests = offered,
            Attempts = attempts,
            ThrottledAttempts = throttledAttempts,
            Throttled = throttled,
            ThrottleRate = offered == 0 ? 0 : (double)throttled / offered,
            AttemptThrottleRate = attempts == 0 ? 0 : (double)throttledAttempts / attempts,
            AcceptedRpm = admitted / minutes,
            OfferedQuotaTpm = offeredTokens / minutes,
            AcceptedQuotaTpm = acceptedTokens / minutes,
            RefusedQuotaTokenShare = offeredTokens == 0 ? 0 : refusedTokens / offeredTokens,
            SimulatedMinutes = minutes,
        };
    }

    private static double Exponential(FastRandom random) => -Math.Log(1.0 - random.NextDouble());

    private double Backoff(FastRandom random, int retryNumber)
    {
        var cap = Math.Min(_settings.BackoffBaseSeconds * Math.Pow(2, retryNumber - 1), _settings.MaxBackoffSeconds);
        return random.NextDouble() * cap;
    }
}
