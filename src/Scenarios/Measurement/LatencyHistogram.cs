using HdrHistogram;
using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>
/// Milliseconds recorded at microsecond resolution in an HdrHistogram (fixed memory, mergeable,
/// every percentile from it). Values above one hour are recorded as one hour. Not thread-safe:
/// the recorder holds its lock around it.
/// </summary>
public sealed class LatencyHistogram
{
    private const long MaxMicros = 3_600_000_000;
    private readonly LongHistogram _histogram;

    public LatencyHistogram(int significantDigits = 3)
    {
        _histogram = new LongHistogram(1, MaxMicros, significantDigits);
    }

    public long Count => _histogram.TotalCount;

    public void Record(double milliseconds)
    {
        if (!double.IsFinite(milliseconds))
        {
            return;
        }

        var micros = (long)Math.Round(milliseconds * 1000);
        _histogram.RecordValue(Math.Clamp(micros, 1, MaxMicros));
    }

    public void Reset() => _histogram.Reset();

    public double Percentile(double percentile)
        => _histogram.TotalCount == 0 ? 0 : Ms(_histogram.HighestEquivalentValue(_histogram.GetValueAtPercentile(percentile)));

    public Percentiles ToPercentiles()
    {
        if (_histogram.TotalCount == 0)
        {
            return new Percentiles();
        }

        return new Percentiles
        {
            Count = _histogram.TotalCount,
            P50 = Percentile(50),
            P90 = Percentile(90),
            P95 = Percentile(95),
            P99 = Percentile(99),
            P999 = Percentile(99.9),
            Max = Ms(_histogram.HighestEquivalentValue(_histogram.GetMaxValue())),
            Mean = Math.Round(_histogram.GetMean() / 1000, 3),
        };
    }

    /// <summary>
    /// About <paramref name="binCount"/> equal-width bins from 0 to the 99.9th percentile, rounded to
    /// a readable width; the last bin also holds the tail up to the maximum.
    /// </summary>
    public IReadOnlyList<HistogramBin> Bins(int binCount = 40)
    {
        if (_histogram.TotalCount == 0)
        {
            return [];
        }

        var top = Math.Max(Percentile(99.9), 0.001);
        var width = NiceWidth(top / binCount);
        var count = Math.Max(1, (int)Math.Ceiling(top / width));
        var counts = new long[count];
        foreach (var v in _histogram.RecordedValues())
        {
            var ms = v.ValueIteratedTo / 1000.0;
            var index = Math.Min(count - 1, (int)(ms / width));
            counts[index] += v.CountAtValueIteratedTo;
        }

        var max = Ms(_histogram.HighestEquivalentValue(_histogram.GetMaxValue()));
        var bins = new List<HistogramBin>(count);
        for (var i = 0; i < count; i++)
        {
            var to = i == count - 1 ? Math.Max(max, (i + 1) * width) : (i + 1) * width;
            bins.Add(new HistogramBin(Math.Round(i * width, 3), Math.Round(to, 3), counts[i]));
        }

        return bins;
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);

    private static double NiceWidth(double raw)
    {
        // 1, 2 or 5 times a power of ten: bins people can read off an axis.
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * power >= raw)
            {
                return step * power;
            }
        }

        return 10 * power;
    }
}
