using LoadTest.Core.Quotas;

namespace LoadTest.Import;

/// <summary>One minute of one model: requests started in it and the quota tokens they consumed.</summary>
public sealed record MinuteLoad(DateTimeOffset Minute, long Requests, long QuotaTokens);

/// <summary>One calendar day (UTC) of one model: requests started in it and the quota tokens they consumed.</summary>
public sealed record DayLoad(DateOnly Day, long Requests, long QuotaTokens);

/// <summary>What the records say about one model.</summary>
public sealed record ModelImport
{
    public required string ModelId { get; init; }

    /// <summary>Output-token burndown used for the quota tokens (<see cref="BurndownRate.For"/>).</summary>
    public required int Burndown { get; init; }

    public required long Requests { get; init; }

    public required long Errors { get; init; }

    /// <summary>Requests whose record has no token counts (counted as 0 quota tokens).</summary>
    public required long WithoutTokenCounts { get; init; }

    public required long InputTokens { get; init; }

    public required long OutputTokens { get; init; }

    public required long CacheReadTokens { get; init; }

    public required long CacheWriteTokens { get; init; }

    public required long QuotaTokens { get; init; }

    /// <summary>The largest maxTokens seen in a request body, if any body had one.</summary>
    public long? MaxTokensSeen { get; init; }

    /// <summary>The minute with the most requests (earliest on a tie).</summary>
    public required MinuteLoad PeakRequestsMinute { get; init; }

    /// <summary>The minute with the most quota tokens (earliest on a tie).</summary>
    public required MinuteLoad PeakQuotaMinute { get; init; }

    /// <summary>Requests per hour of day (UTC), index 0-23, summed over every day in the span.</summary>
    public required IReadOnlyList<long> HourlyRequests { get; init; }

    public required int PeakHour { get; init; }

    /// <summary>Quota tokens per hour of day (UTC), index 0-23, summed over every day in the span.</summary>
    public required IReadOnlyList<long> HourlyQuotaTokens { get; init; }

    /// <summary>Requests and quota tokens per calendar day (UTC) with at least one request, in date order.</summary>
    public required IReadOnlyList<DayLoad> Days { get; init; }

    /// <summary>The calendar day (UTC) with the most quota tokens (earliest on a tie): what a tokens-per-day quota had to hold.</summary>
    public required DayLoad BusiestDay { get; init; }

    /// <summary>Requests of the peak hour of day over the average hour of day.</summary>
    public required double PeakHourToAverage { get; init; }

    /// <summary>Requests served by another Region than the one they were sent to, by serving Region.</summary>
    public required IReadOnlyDictionary<string, long> ReroutedTo { get; init; }

    /// <summary>Requests per Region they were sent to (where Bedrock publishes their metrics), most first; empty in imports written before it was kept.</summary>
    public IReadOnlyDictionary<string, long> SourceRegions { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    public double ReroutedShare => Requests == 0 ? 0 : (double)ReroutedTo.Values.Sum() / Requests;
}

/// <summary>
/// Folds records into per-model totals, per-minute loads and the hourly shape in one pass. Memory
/// grows with models x minutes in the span, never with the number of records.
/// </summary>
public sealed class InvocationAggregator(DateTimeOffset? from = null, DateTimeOffset? to = null)
{
    private readonly Dictionary<string, Acc> _models = new(StringComparer.Ordinal);

    public long Taken { get; private set; }

    public long OutsideWindow { get; private set; }

    public DateTimeOffset? First { get; private set; }

    public DateTimeOffset? Last { get; private set; }

    /// <summary>Adds one record; records outside [from, to) are counted and left out (false). Order does not matter.</summary>
    public bool Add(ImportedInvocation record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if ((from is { } f && record.Time < f) || (to is { } t && record.Time >= t))
        {
            OutsideWindow++;
            return false;
        }

        Taken++;
        First = First is { } first && first <= record.Time ? first : record.Time;
        Last = Last is { } last && last >= record.Time ? last : record.Time;
        if (!_models.TryGetValue(record.ModelId, out var acc))
        {
            acc = new Acc(BurndownRate.For(record.ModelId));
            _models[record.ModelId] = acc;
        }

        acc.Add(record);
        return true;
    }

    public IReadOnlyList<ModelImport> Models()
        => _models.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value.ToModel(m.Key)).ToList();

    private sealed class Acc(int burndown)
    {
        private readonly Dictionary<long, (long Requests, long Quota)> _minutes = [];
        private readonly long[] _hourly = new long[24];
        private readonly Dictionary<string, long> _rerouted = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _sources = new(StringComparer.Ordinal);
        private long _requests, _errors, _noTokens, _input, _output, _cacheRead, _cacheWrite, _quota;
        private long? _maxTokens;

        public void Add(ImportedInvocation r)
        {
            _requests++;
            if (r.ErrorCode is not null)
            {
                _errors++;
            }

            if (r.InputTokens is null && r.OutputTokens is null)
            {
                _noTokens++;
            }

            _input += r.InputTokens ?? 0;
            _output += r.OutputTokens ?? 0;
            _cacheRead += r.CacheReadTokens ?? 0;
            _cacheWrite += r.CacheWriteTokens ?? 0;
            var quota = QuotaCost.Consumed(r.InputTokens ?? 0, r.CacheWriteTokens ?? 0, r.OutputTokens ?? 0, burndown);
            _quota += quota;
            var minute = r.Time.UtcTicks / TimeSpan.TicksPerMinute;
            _minutes.TryGetValue(minute, out var m);
            _minutes[minute] = (m.Requests + 1, m.Quota + quota);
            _hourly[r.Time.UtcDateTime.Hour]++;
            _sources[r.SourceRegion] = _sources.GetValueOrDefault(r.SourceRegion) + 1;
            if (r.Rerouted)
            {
                _rerouted[r.InferenceRegion!] = _rerouted.GetValueOrDefault(r.InferenceRegion!) + 1;
            }

            if (r.MaxTokens is { } max && (_maxTokens is null || max > _maxTokens))
            {
                _maxTokens = max;
            }
        }

        public ModelImport ToModel(string modelId)
        {
            var ordered = _minutes.OrderBy(m => m.Key).ToList();
            var peakRequests = ordered.MaxBy(m => m.Value.Requests);
            var peakQuota = ordered.MaxBy(m => m.Value.Quota);
            var peakHour = Array.IndexOf(_hourly, _hourly.Max());
            var average = _hourly.Sum() / 24.0;

            // Hours and days are sums of the minutes already kept, so they cost nothing per record.
            var hourlyQuota = new long[24];
            var days = new SortedDictionary<long, (long Requests, long Quota)>();
            foreach (var (minute, load) in _minutes)
            {
                hourlyQuota[minute / 60 % 24] += load.Quota;
                var day = minute / (60 * 24);
                days.TryGetValue(day, out var d);
                days[day] = (d.Requests + load.Requests, d.Quota + load.Quota);
            }

            var dayLoads = days.Select(d => new DayLoad(DateOnly.FromDayNumber((int)d.Key), d.Value.Requests, d.Value.Quota)).ToList();
            return new ModelImport
            {
                ModelId = modelId,
                Burndown = burndown,
                Requests = _requests,
                Errors = _errors,
                WithoutTokenCounts = _noTokens,
                InputTokens = _input,
                OutputTokens = _output,
                CacheReadTokens = _cacheRead,
                CacheWriteTokens = _cacheWrite,
                QuotaTokens = _quota,
                MaxTokensSeen = _maxTokens,
                PeakRequestsMinute = Load(peakRequests),
                PeakQuotaMinute = Load(peakQuota),
                HourlyRequests = _hourly.ToArray(),
                PeakHour = peakHour,
                PeakHourToAverage = average == 0 ? 0 : _hourly[peakHour] / average,
                HourlyQuotaTokens = hourlyQuota,
                Days = dayLoads,
                BusiestDay = dayLoads.MaxBy(d => d.QuotaTokens)!,
                SourceRegions = Ordered(_sources),
                ReroutedTo = Ordered(_rerouted),
            };
        }

        private static Dictionary<string, long> Ordered(Dictionary<string, long> counts)
            => counts.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);

        private static MinuteLoad Load(KeyValuePair<long, (long Requests, long Quota)> m)
            => new(new DateTimeOffset(m.Key * TimeSpan.TicksPerMinute, TimeSpan.Zero), m.Value.Requests, m.Value.Quota);
    }
}
