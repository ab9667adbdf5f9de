using System.Collections.Concurrent;

namespace LoadTest.Emulator.Caching;

/// <summary>
/// Prompt-prefix cache keyed by model ID and prefix hash. The longest cached prefix of a request
/// is read (cacheReadInputTokens); the text up to its last cache point beyond that is written
/// (cacheWriteInputTokens). Entries live for a TTL (5 minutes) refreshed on every hit, like
/// Bedrock's. Memory is bounded: when full, expired entries are swept, and if that is not enough
/// the oldest half goes.
/// </summary>
internal sealed class PromptCache
{
    private readonly ConcurrentDictionary<(string Model, ulong Hash), double> _expiry = new();
    private readonly double _ttlSeconds;
    private readonly int _capacity;
    private readonly Lock _sweepGate = new();

    public PromptCache(TimeSpan ttl, int capacity)
    {
        _ttlSeconds = ttl.TotalSeconds;
        _capacity = Math.Max(16, capacity);
    }

    /// <summary>What a request with these cache points would read and write now (no change to the cache).</summary>
    public CacheUsage Evaluate(string model, IReadOnlyList<CachePrefix> prefixes, double nowSeconds)
    {
        if (prefixes.Count == 0)
        {
            return default;
        }

        long read = 0;
        for (var i = prefixes.Count - 1; i >= 0; i--)
        {
            if (_expiry.TryGetValue((model, prefixes[i].Hash), out var until) && until > nowSeconds)
            {
                read = prefixes[i].Tokens;
                break;
            }
        }

        var write = Math.Max(0, prefixes[^1].Tokens - read);
        return new CacheUsage(read, write);
    }

    /// <summary>Remembers (or refreshes) every prefix of a served request.</summary>
    public void Remember(string model, IReadOnlyList<CachePrefix> prefixes, double nowSeconds)
    {
        if (prefixes.Count == 0)
        {
            return;
        }

        if (_expiry.Count + prefixes.Count > _capacity)
        {
            Sweep(nowSeconds);
        }

        var until = nowSeconds + _ttlSeconds;
        foreach (var p in prefixes)
        {
            _expiry[(model, p.Hash)] = until;
        }
    }

    private void Sweep(double nowSeconds)
    {
        lock (_sweepGate)
        {
            if (_expiry.Count < _capacity)
            {
                return;
            }

            foreach (var (key, until) in _expiry)
            {
                if (until <= nowSeconds)
                {
                    _expiry.TryRemove(key, out _);
                }
            }

            if (_expiry.Count < _capacity * 3 / 4)
            {
                return;
            }

            var oldest = _expiry.OrderBy(e => e.Value).Take(_expiry.Count / 2).Select(e => e.Key).ToList();
            foreach (var key in oldest)
            {
                _expiry.TryRemove(key, out _);
            }
        }
    }
}
