using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>
/// What sessions, thinking, tools, prompt caching and embeddings did in one slice of a run, folded
/// in row by row: the one derivation of the summary's <see cref="RequestFeatures"/> and time to
/// first visible token. Memory stays flat however many sessions a run has: a session sends its
/// turns one after another, once each, so the sessions that reached turn k are the rows of turn k,
/// and the session count and length distribution follow from the rows per turn index alone.
/// </summary>
internal sealed class FeatureStats
{
    private const int MaxTurn = CacheReadShare.MaxTurn;

    private readonly LatencyHistogram _ttfvt = new();
    private readonly Dictionary<int, long> _rowsPerTurn = [];
    private readonly long[] _turnRequests = new long[MaxTurn];
    private readonly long[] _turnCacheRead = new long[MaxTurn];
    private readonly long[] _turnInput = new long[MaxTurn];
    private long _consumed;
    private long _quotaTokens;
    private long _cacheRead;
    private long _cacheWrite;
    private long _allInput;
    private bool _thinking;
    private long _thinkingTokens;
    private double _thinkingQuotaTokens;
    private long _toolCalls;
    private long _sessionToolCalls;
    private long? _embeddings;

    /// <summary>A row of a request that was sent (dropped starts have nothing to add).</summary>
    public void Add(RequestRecord r)
    {
        if (r.Outcome == Outcomes.Ok && r.TtfvtMs is { } ttfvt)
        {
            _ttfvt.Record(ttfvt);
        }

        _toolCalls += Math.Max(0, r.ToolCalls);
        if (r.Embeddings is { } embeddings)
        {
            _embeddings = (_embeddings ?? 0) + Math.Max(0, embeddings);
        }

        if (r.SessionId is not null && r.Turn >= 1)
        {
            _rowsPerTurn[r.Turn] = _rowsPerTurn.GetValueOrDefault(r.Turn) + 1;
            _sessionToolCalls += Math.Max(0, r.ToolCalls);
        }

        if (!r.Consumed)
        {
            return;
        }

        _consumed++;
        _quotaTokens += r.QuotaTokens;
        _cacheRead += r.CacheReadTokens;
        _cacheWrite += r.CacheWriteTokens;
        _allInput += r.AllInputTokens;
        var turn = Math.Clamp(r.Turn, 1, MaxTurn) - 1;
        _turnRequests[turn]++;
        _turnCacheRead[turn] += r.CacheReadTokens;
        _turnInput[turn] += r.AllInputTokens;
        if (r.ThinkingTokens is { } thinking)
        {
            _thinking = true;
            _thinkingTokens += Math.Max(0, thinking);
            _thinkingQuotaTokens += r.ThinkingQuotaTokens;
        }
    }

    /// <summary>Time to first visible token of the successful requests; null without samples.</summary>
    public Percentiles? Ttfvt() => _ttfvt.Count > 0 ? _ttfvt.ToPercentiles() : null;

    /// <summary>The slice's figures; null when no request had any of them.</summary>
    public RequestFeatures? ToFeatures()
    {
        var sessions = Sessions();
        var features = new RequestFeatures
        {
            Thinking = _thinking
                ? new ThinkingUse
                {
                    Tokens = _thinkingTokens,
                    PerRequest = _consumed > 0 ? Math.Round((double)_thinkingTokens / _consumed, 3) : 0,
                    QuotaShare = _quotaTokens > 0 ? Math.Round(_thinkingQuotaTokens / _quotaTokens, 4) : 0,
                }
                : null,
            Sessions = sessions,
            ToolCalls = _toolCalls > 0 ? _toolCalls : null,
            CacheReadShare = CacheShare(sessions is not null),
            Embeddings = _embeddings,
        };
        return features is { Thinking: null, Sessions: null, ToolCalls: null, CacheReadShare: null, Embeddings: null } ? null : features;
    }

    private SessionUse? Sessions()
    {
        if (_rowsPerTurn.Count == 0)
        {
            return null;
        }

        // Sessions that reached turn k = rows of turn k; those that ended at k = reached k - reached k+1.
        // The largest count is the session count (turn 1's, unless a first turn is missing from the rows).
        var turns = _rowsPerTurn.Keys.Order().ToList();
        var count = _rowsPerTurn.Values.Max();
        long rows = 0;
        foreach (var n in _rowsPerTurn.Values)
        {
            rows += n;
        }

        var p95 = turns[^1];
        foreach (var k in turns)
        {
            var ended = count - _rowsPerTurn.GetValueOrDefault(k + 1);
            if (ended >= 0.95 * count)
            {
                p95 = k;
                break;
            }
        }

        return new SessionUse
        {
            Count = count,
            TurnsMean = Math.Round((double)rows / count, 3),
            TurnsP95 = p95,
            ToolCallsPerSession = Math.Round((double)_sessionToolCalls / count, 3),
        };
    }

    private CacheReadShare? CacheShare(bool perTurn)
    {
        if (_allInput <= 0 || _cacheRead + _cacheWrite <= 0)
        {
            return null;
        }

        var byTurn = new List<TurnShare>();
        for (var i = 0; perTurn && i < MaxTurn; i++)
        {
            if (_turnInput[i] > 0)
            {
                byTurn.Add(new TurnShare(i + 1, Math.Round((double)_turnCacheRead[i] / _turnInput[i], 4), _turnRequests[i]));
            }
        }

        return new CacheReadShare { Overall = Math.Round((double)_cacheRead / _allInput, 4), ByTurn = byTurn };
    }
}
