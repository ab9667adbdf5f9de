namespace LoadTest.Import;

/// <summary>
/// What the records of one workload say about its requests, folded in one pass in fixed memory:
/// the token distributions and the maxTokens of the request bodies.
/// </summary>
internal sealed class WorkloadFit
{
    // Applications set maxTokens from a handful of values; past this many distinct ones the rest
    // still count toward the largest, not toward the most common (memory stays bounded).
    private const int MaxDistinctMaxTokens = 4096;

    private readonly Dictionary<long, long> _maxTokens = [];

    public long Requests { get; private set; }

    /// <summary>
    /// Records without usage (no token counts, or 0 in and 0 out: a request that failed before any):
    /// left out of the fits, replayed at the workload's mean sizes.
    /// </summary>
    public long WithoutUsage { get; private set; }

    public TokenFit Input { get; } = new();

    public TokenFit Output { get; } = new();

    /// <summary>Cache-read tokens of the requests that read the cache.</summary>
    public TokenFit CacheRead { get; } = new();

    /// <summary>Cache-write tokens of the requests that wrote it.</summary>
    public TokenFit CacheWrite { get; } = new();

    /// <summary>Cache read + write of the requests that used the cache: the size of their cached prefix.</summary>
    public TokenFit CachedPrefix { get; } = new();

    public long WithMaxTokens { get; private set; }

    public long? LargestMaxTokens { get; private set; }

    public void Add(ImportedInvocation r)
    {
        Requests++;
        if (r.MaxTokens is { } max)
        {
            WithMaxTokens++;
            LargestMaxTokens = Math.Max(LargestMaxTokens ?? max, max);
            if (_maxTokens.Count < MaxDistinctMaxTokens || _maxTokens.ContainsKey(max))
            {
                _maxTokens[max] = _maxTokens.GetValueOrDefault(max) + 1;
            }
        }

        if (!HasUsage(r.InputTokens ?? 0, r.OutputTokens ?? 0))
        {
            WithoutUsage++;
            return;
        }

        Input.Add(r.InputTokens ?? 0);
        Output.Add(r.OutputTokens ?? 0);
        var read = r.CacheReadTokens ?? 0;
        var write = r.CacheWriteTokens ?? 0;
        if (read > 0)
        {
            CacheRead.Add(read);
        }

        if (write > 0)
        {
            CacheWrite.Add(write);
        }

        if (read + write > 0)
        {
            CachedPrefix.Add(read + write);
        }
    }

    /// <summary>False for a request that used no token: no counts, or 0 in and 0 out.</summary>
    public static bool HasUsage(long input, long output) => input > 0 || output > 0;

    /// <summary>The sizes a request without usage is replayed at: the fitted means, rounded, at least 1.</summary>
    public (int Input, int Output) MeanSizes
        => ((int)Math.Clamp(Math.Round(Input.Mean), 1, int.MaxValue), (int)Math.Clamp(Math.Round(Output.Mean), 1, int.MaxValue));

    /// <summary>The maxTokens most request bodies gave (the larger on a tie) and how many gave it; null when none said.</summary>
    public (long Value, long Count)? MostCommonMaxTokens
        => _maxTokens.Count == 0 ? null : _maxTokens.OrderByDescending(m => m.Value).ThenByDescending(m => m.Key).Select(m => (m.Key, m.Value)).First();
}
