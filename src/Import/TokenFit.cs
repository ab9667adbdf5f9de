using HdrHistogram;

namespace LoadTest.Import;

/// <summary>
/// The distribution of one token count (input, output, cache read or write) of one workload, in
/// fixed memory whatever the number of records: an exact count and sum for the mean, and an
/// HdrHistogram at 2 significant digits (about 18 KB, made on the first value) for the percentiles,
/// whose values are within 1 % of the exact ones. Counts above 10,000,000 are recorded as that.
/// </summary>
internal sealed class TokenFit
{
    public const long MaxTokens = 10_000_000;

    private LongHistogram? _histogram;

    public long Count { get; private set; }

    public long Sum { get; private set; }

    public double Mean => Count == 0 ? 0 : (double)Sum / Count;

    public void Add(long tokens)
    {
        var value = Math.Clamp(tokens, 0, MaxTokens);
        _histogram ??= new LongHistogram(MaxTokens, 2);
        _histogram.RecordValue(value);
        Count++;
        Sum += value;
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0-100), nearest rank: the smallest recorded value
    /// with that share of the values at or below it, as the bottom of its histogram bucket (exact
    /// below 256 tokens, at most 1 % low above); 0 when empty.
    /// </summary>
    public long Percentile(double percentile)
        => _histogram is null ? 0 : _histogram.LowestEquivalentValue(_histogram.GetValueAtPercentile(percentile));
}
