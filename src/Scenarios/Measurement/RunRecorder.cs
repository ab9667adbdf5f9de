using LoadTest.Core.Errors;
using LoadTest.Core.Models;
using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>
/// Everything measured during a run, folded in as requests complete: HdrHistograms (latency,
/// TTFT, time to first visible token, inter-token latency, time per output token; overall, per
/// workload, per model), sessions, thinking, tools and cache reads per turn (<see cref="FeatureStats"/>)
/// and per-second counters. Each finished request's row goes to the <see cref="IRequestLog"/> and is
/// not kept. Thread-safe: one lock, held for microseconds per request.
/// </summary>
public sealed class RunRecorder
{
    private readonly IRequestLog _log;
    private readonly Lock _gate = new();
    private readonly GroupStats _all = new();
    private readonly Dictionary<string, GroupStats> _byWorkload = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupStats> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupStats> _byTag = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _profileTags;
    private readonly Dictionary<string, string[]> _tagGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _outcomes = Outcomes.All.ToDictionary(o => o, _ => 0L, StringComparer.Ordinal);
    private readonly Dictionary<string, long> _errorCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GroupStats> _byRegion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StepStats> _steps = new(StringComparer.Ordinal);
    private readonly LatencyHistogram _itl = new();
    private readonly LatencyHistogram _tpot = new();
    private readonly List<SecondStats> _seconds = [];
    private readonly Dictionary<int, (LatencyHistogram Latency, LatencyHistogram Ttft)> _openSeconds = [];
    private readonly Stack<LatencyHistogram> _spareHistograms = new();
    private int _latestCompletionSecond;

    public RunRecorder(IRequestLog log)
        : this(log, new Dictionary<string, IReadOnlyDictionary<string, string>>())
    {
    }

    /// <summary>A recorder that also groups requests by the tags of the profile they went to (<see cref="RunSummary.ByTag"/>).</summary>
    public RunRecorder(IRequestLog log, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> profileTags)
    {
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _profileTags = profileTags ?? throw new ArgumentNullException(nameof(profileTags));
        foreach (var (model, tags) in profileTags)
        {
            // The group names are made once here, so recording a request allocates nothing for them.
            _tagGroups[model] = [.. tags.Select(t => $"{t.Key}={t.Value}")];
        }
    }

    /// <summary>Rows completed so far (dropped included).</summary>
    public long Recorded
    {
        get
        {
            lock (_gate)
            {
                return _all.Scheduled;
            }
        }
    }

    /// <summary>A start the schedule asked for at <paramref name="scheduledMs"/> (sent or dropped).</summary>
    public void Offer(double scheduledMs)
    {
        lock (_gate)
        {
            Second(scheduledMs).Offered++;
        }
    }

    /// <summary>A request actually sent; <paramref name="inFlight"/> counts it.</summary>
    public void Start(double startedMs, long inFlight)
    {
        lock (_gate)
        {
            var s = Second(startedMs);
            s.Started++;
            s.InFlight = Math.Max(s.InFlight, inFlight);
        }
    }

    /// <summary>A request's one final row (a dropped start included).</summary>
    /// <param name="reservedTokens">Quota tokens the target reserved for it at admission (0 = not known or nothing consumed).</param>
    /// <param name="steps">The named steps a C# scenario's iteration timed (null for YAML workloads).</param>
    public void Complete(RequestRecord record, IReadOnlyList<TimeSpan>? deltaArrivals = null, long reservedTokens = 0, IReadOnlyList<StepTiming>? steps = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            foreach (var step in steps ?? [])
            {
                if (!_steps.TryGetValue(step.Name, out var stats))
                {
                    stats = new StepStats();
                    _steps[step.Name] = stats;
                }

                stats.Add(step);
            }

            _all.Add(record, reservedTokens);
            Group(_byWorkload, record.Workload).Add(record, reservedTokens);
            Group(_byModel, record.Model).Add(record, reservedTokens);
            if (_tagGroups.TryGetValue(record.Model, out var tagGroups))
            {
                foreach (var tag in tagGroups)
                {
                    Group(_byTag, tag).Add(record, reservedTokens);
                }
            }
            _outcomes[record.Outcome] = _outcomes.GetValueOrDefault(record.Outcome) + 1;
            Outcomes.CountErrorCode(_errorCodes, record);
            if (record.Outcome == Outcomes.Dropped)
            {
                Second(record.ScheduledMs).Dropped++;
            }
            else
            {
                CountCompletion(record, deltaArrivals);
            }
        }

        _log.Write(record);
    }

    /// <summary>The live view for progress output; <paramref name="nowMs"/> is the run clock.</summary>
    public ProgressSnapshot Snapshot(double nowMs, long inFlight)
    {
        lock (_gate)
        {
            // The last few whole seconds: recent enough to follow a ramp, long enough to be steady.
            var current = (int)(nowMs / 1000);
            var from = Math.Max(0, current - 5);
            var seconds = Math.Max(1, current - from);
            long offered = 0, ok = 0;
            for (var i = from; i < current && i < _seconds.Count; i++)
            {
                offered += _seconds[i].Offered;
                ok += _seconds[i].Ok;
            }

            return new ProgressSnapshot
            {
                Elapsed = TimeSpan.FromMilliseconds(nowMs),
                OfferedRpm = offered * 60.0 / seconds,
                AchievedRpm = ok * 60.0 / seconds,
                InFlight = inFlight,
                Sent = _all.Sent,
                Ok = _all.Ok,
                Throttled = _all.Throttled,
                ThrottledAttempts = _all.ThrottledAttempts,
                ClientRateLimited = _errorCodes.GetValueOrDefault(BedrockClientErrorCodes.ClientRateLimited),
                Failed = _all.Sent - _all.Ok,
                Dropped = _all.Dropped,
                TtftP95Ms = _all.Ttft.Percentile(95),
                QuotaTpm = RecentTpm(current),
            };
        }
    }

    /// <summary>
    /// One row per second so far; <paramref name="phaseOf"/> names the phase of a second and
    /// <paramref name="loadSeconds"/> is the load's length so far (the span of the minute window,
    /// as in <see cref="BuildSummary"/>).
    /// </summary>
    public IReadOnlyList<TimeseriesRow> Timeseries(Func<int, int> phaseOf, bool finalizeAll = false, double loadSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(phaseOf);
        lock (_gate)
        {
            FinalizeSeconds(finalizeAll ? int.MaxValue : _latestCompletionSecond - 1);
            var span = MinuteWindow.Span(_seconds.Count, loadSeconds);
            var quotaTpm = MinuteWindow.Rates(_seconds.Select(s => s.QuotaTokens).ToList(), span);
            var rpm = MinuteWindow.Rates(_seconds.Select(s => s.Started).ToList(), span);
            var rows = new List<TimeseriesRow>(_seconds.Count);
            for (var i = 0; i < _seconds.Count; i++)
            {
                var s = _seconds[i];
                rows.Add(new TimeseriesRow
                {
                    Second = i,
                    Phase = phaseOf(i),
                    Offered = s.Offered,
                    Started = s.Started,
                    Dropped = s.Dropped,
                    Ok = s.Ok,
                    Throttled = s.Throttled,
                    Failed = s.Failed,
                    ThrottledAttempts = s.ThrottledAttempts,
                    InFlight = s.InFlight,
                    QuotaTokens = s.QuotaTokens,
                    InputTokens = s.InputTokens,
                    OutputTokens = s.OutputTokens,
                    LatencyP50Ms = s.LatencyP50,
                    LatencyP95Ms = s.LatencyP95,
                    LatencyP99Ms = s.LatencyP99,
                    TtftP50Ms = s.TtftP50,
                    TtftP95Ms = s.TtftP95,
                    QuotaTpm = quotaTpm[i],
                    Rpm = rpm[i],
                });
            }

            return rows;
        }
    }

    public RunSummary BuildSummary(SummaryContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (_gate)
        {
            var minutes = context.LoadSeconds / 60;
            var (tpmMean, tpmPeak) = QuotaTpm(context.LoadSeconds);
            var failed = _all.Sent - _all.Ok;
            return new RunSummary
            {
                Scenario = context.Scenario,
                Completed = context.Stop.IsCompleted,
                StopReason = context.Stop.Reason,
                StopKind = context.Stop.Kind,
                StopGate = context.Stop.Gate,
                StartedAt = context.StartedAt,
                DurationSeconds = Math.Round(context.DurationSeconds, 3),
                Settings = context.Settings,
                Phases = context.Phases,
                Requests = new RequestCounts
                {
                    Scheduled = _all.Scheduled,
                    Sent = _all.Sent,
                    Succeeded = _all.Ok,
                    Failed = failed,
                    Throttled = _all.Throttled,
                    Dropped = _all.Dropped,
                    Retries = _all.Retries,
                    ThrottledAttempts = _all.ThrottledAttempts,
                    Attempts = _all.Attempts,
                    ClientRefused = _all.ClientRefused,
                },
                Rates = new Rates
                {
                    OfferedRpm = minutes > 0 ? Math.Round(_all.Scheduled / minutes, 3) : 0,
                    AchievedRpm = minutes > 0 ? Math.Round(_all.Ok / minutes, 3) : 0,
                    ThrottleRate = _all.Sent > 0 ? (double)_all.Throttled / _all.Sent : 0,
                    ErrorRate = _all.Sent > 0 ? (double)failed / _all.Sent : 0,
                },
                LatencyMs = _all.Latency.ToPercentiles(),
                TtftMs = _all.Ttft.ToPercentiles(),
                TtfvtMs = _all.Features.Ttfvt(),
                Features = _all.Features.ToFeatures(),
                LimiterWaitMs = _all.LimiterWait.Count > 0 ? _all.LimiterWait.ToPercentiles() : null,
                ItlMs = _itl.ToPercentiles(),
                TpotMs = _tpot.ToPercentiles(),
                Tokens = _all.Tokens,
                QuotaTpm = new QuotaUse
                {
                    Mean = Math.Round(tpmMean, 1),
                    Peak = Math.Round(tpmPeak, 1),
                    Limit = context.QuotaTpmLimit,
                    Utilization = context.QuotaTpmLimit is > 0 and var limit ? Math.Round(tpmPeak / limit, 4) : null,
                },
                Outcomes = new Dictionary<string, long>(_outcomes, StringComparer.Ordinal),
                ErrorCodes = new Dictionary<string, long>(_errorCodes, StringComparer.Ordinal),
                ByWorkload = _byWorkload.ToDictionary(kv => kv.Key, kv => kv.Value.ToSummary(minutes), StringComparer.Ordinal),
                ByModel = _byModel.ToDictionary(kv => kv.Key, kv => kv.Value.ToSummary(minutes), StringComparer.Ordinal),
                ProfileTags = _profileTags.Count > 0 ? _profileTags : null,
                ByTag = _profileTags.Count > 0 ? _byTag.ToDictionary(kv => kv.Key, kv => kv.Value.ToSummary(minutes), StringComparer.Ordinal) : null,
                InferenceRegions = _byRegion.ToDictionary(kv => kv.Key, kv => kv.Value.Sent, StringComparer.Ordinal),
                Routing = Routing(context.Settings.Region),
                Cost = Cost(context.Settings.Prices),
                Histograms = new Histograms { LatencyMs = _all.Latency.Bins(), TtftMs = _all.Ttft.Bins() },
                // Gates and the verdict are the finisher's (RunVerdict): what was measured is not yet judged.
                Gates = [],
                Passed = false,
                Harness = context.Harness,
                Steps = _steps.Count > 0 ? _steps.ToDictionary(kv => kv.Key, kv => kv.Value.ToSummary(), StringComparer.Ordinal) : null,
            };
        }
    }

    private void CountCompletion(RequestRecord record, IReadOnlyList<TimeSpan>? deltaArrivals)
    {
        var endedMs = record.EndedMs ?? record.StartedMs ?? record.ScheduledMs;
        var second = Second(endedMs);
        var index = (int)(Math.Max(0, endedMs) / 1000);
        _latestCompletionSecond = Math.Max(_latestCompletionSecond, index);
        switch (record.Outcome)
        {
            case Outcomes.Ok:
                second.Ok++;
                break;
            case Outcomes.Throttled:
                second.Throttled++;
                second.Failed++;
                break;
            default:
                second.Failed++;
                break;
        }

        second.ThrottledAttempts += record.ThrottledAttempts;
        if (record.Consumed)
        {
            second.QuotaTokens += record.QuotaTokens;
            second.InputTokens += record.InputTokens;
            second.OutputTokens += record.OutputTokens;
        }

        if (record.InferenceRegion is { Length: > 0 } region)
        {
            Group(_byRegion, region).Add(record);
        }

        if (!second.Final)
        {
            var (latency, ttft) = OpenSecond(index);
            if (record.LatencyMs is { } l)
            {
                latency.Record(l);
            }

            if (record.Outcome == Outcomes.Ok && record.TtftMs is { } t)
            {
                ttft.Record(t);
            }
        }

        if (record.Outcome == Outcomes.Ok)
        {
            if (deltaArrivals is not null)
            {
                for (var i = 1; i < deltaArrivals.Count; i++)
                {
                    _itl.Record((deltaArrivals[i] - deltaArrivals[i - 1]).TotalMilliseconds);
                }
            }

            if (record is { OutputTokens: > 1, FirstTokenMs: { } first, EndedMs: { } end })
            {
                _tpot.Record((end - first) / (record.OutputTokens - 1));
            }
        }

        // Seconds two behind the newest completion will see no more rows: fold their
        // percentiles in and hand the histograms back, so memory stays flat over long runs.
        FinalizeSeconds(_latestCompletionSecond - 2);
    }

    private (LatencyHistogram Latency, LatencyHistogram Ttft) OpenSecond(int index)
    {
        if (!_openSeconds.TryGetValue(index, out var pair))
        {
            pair = (Rent(), Rent());
            _openSeconds[index] = pair;
        }

        return pair;
    }

    private void FinalizeSeconds(int upTo)
    {
        if (_openSeconds.Count == 0)
        {
            return;
        }

        foreach (var index in _openSeconds.Keys.Where(k => k <= upTo).ToList())
        {
            var (latency, ttft) = _openSeconds[index];
            var s = _seconds[index];
            s.LatencyP50 = latency.Percentile(50);
            s.LatencyP95 = latency.Percentile(95);
            s.LatencyP99 = latency.Percentile(99);
            s.TtftP50 = ttft.Percentile(50);
            s.TtftP95 = ttft.Percentile(95);
            s.Final = true;
            _openSeconds.Remove(index);
            latency.Reset();
            ttft.Reset();
            _spareHistograms.Push(latency);
            _spareHistograms.Push(ttft);
        }
    }

    private LatencyHistogram Rent() => _spareHistograms.Count > 0 ? _spareHistograms.Pop() : new LatencyHistogram(2);

    private SecondStats Second(double ms)
    {
        var index = (int)(Math.Max(0, ms) / 1000);
        while (_seconds.Count <= index)
        {
            _seconds.Add(new SecondStats());
        }

        return _seconds[index];
    }

    private static GroupStats Group(Dictionary<string, GroupStats> groups, string key)
    {
        if (!groups.TryGetValue(key, out var g))
        {
            g = new GroupStats();
            groups[key] = g;
        }

        return g;
    }

    private double RecentTpm(int currentSecond)
    {
        // Quota used in the last minute of whole seconds; before a minute has passed, the rate so far.
        var from = Math.Max(0, currentSecond - MinuteWindow.Seconds);
        long sum = 0;
        for (var i = from; i < currentSecond && i < _seconds.Count; i++)
        {
            sum += _seconds[i].QuotaTokens;
        }

        var span = currentSecond - from;
        return span <= 0 ? 0 : sum * 60.0 / span;
    }

    /// <summary>
    /// Mean and peak quota tokens per minute. Tokens count in the second their request ended, so the
    /// span is the load plus the drain after it (every second that holds tokens). The mean is the
    /// total over that span; the peak is the largest value of the per-second minute window
    /// (<see cref="MinuteWindow"/>), the same values timeseries rows carry.
    /// </summary>
    /// <summary>Served Regions, spill-over out of <paramref name="sourceRegion"/> and final 503s; null before anything was sent.</summary>
    private RoutingSummary? Routing(string sourceRegion)
    {
        if (_all.Sent == 0)
        {
            return null;
        }

        var served = _byRegion.Values.Sum(g => g.Sent);
        var spilled = _byRegion.Where(kv => !string.Equals(kv.Key, sourceRegion, StringComparison.Ordinal)).Sum(kv => kv.Value.Sent);
        var unavailable = _outcomes.GetValueOrDefault(Outcomes.Unavailable);
        return new RoutingSummary
        {
            SourceRegion = sourceRegion,
            Served = served,
            SpilledOver = spilled,
            SpillOverShare = served > 0 ? (double)spilled / served : null,
            Unavailable = unavailable,
            UnavailableShare = (double)unavailable / _all.Sent,
            Regions = _byRegion
                .OrderByDescending(kv => kv.Value.Sent).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new RegionServed(kv.Key, kv.Value.Sent, served > 0 ? (double)kv.Value.Sent / served : 0, kv.Value.Ttft.ToPercentiles()))
                .ToList(),
        };
    }

    /// <summary>The consumed tokens of each model at its price; null when the run knew no prices.</summary>
    private RunCost? Cost(IReadOnlyDictionary<string, TokenPrice>? prices)
    {
        if (prices is null || prices.Count == 0)
        {
            return null;
        }

        var byModel = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (model, stats) in _byModel)
        {
            if (prices.TryGetValue(model, out var price))
            {
                byModel[model] = Math.Round(price.Usd(stats.InputTokens, stats.CacheWriteTokens, stats.CacheReadTokens, stats.OutputTokens), 6);
            }
        }

        var usd = byModel.Values.Sum();
        var requests = _byModel.Where(kv => byModel.ContainsKey(kv.Key)).Sum(kv => kv.Value.ConsumedRequests);
        return new RunCost
        {
            Usd = Math.Round(usd, 6),
            UsdPerRequest = requests > 0 ? Math.Round(usd / requests, 8) : null,
            ByModel = byModel,
        };
    }

    private (double Mean, double Peak) QuotaTpm(double loadSeconds) => QuotaTpm(_seconds.Select(s => s.QuotaTokens).ToList(), loadSeconds);

    internal static (double Mean, double Peak) QuotaTpm(IReadOnlyList<long> perSecond, double loadSeconds)
    {
        if (perSecond.Count == 0)
        {
            return (0, 0);
        }

        // Measuring the mean over the load alone while the drain's tokens were in the total (and the
        // window was the load's length) once put the mean above the peak.
        var span = MinuteWindow.Span(perSecond.Count, loadSeconds);
        long total = 0;
        foreach (var tokens in perSecond)
        {
            total += tokens;
        }

        var mean = total * 60.0 / span;

        // Over a span that is not a whole number of minutes, tokens bunched at both ends can leave
        // every 60 s window below the average minute; a peak below the mean reads as a bug, so the
        // peak is never reported under it.
        return (mean, Math.Max(Math.Round(mean, 1), MinuteWindow.Rates(perSecond, span).Max()));
    }
}
