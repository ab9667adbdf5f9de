namespace LoadTest.Import;

/// <summary>One model's CloudWatch metrics: throttles per minute and the peaks of each metric.</summary>
public sealed record ModelMetrics
{
    public required string ModelId { get; init; }

    /// <summary>Sum of each metric over the window, by metric name.</summary>
    public required IReadOnlyDictionary<string, double> Totals { get; init; }

    /// <summary>The minute with the largest value of each metric.</summary>
    public required IReadOnlyDictionary<string, MetricPeak> Peaks { get; init; }

    /// <summary>Every minute with at least one throttle, in time order.</summary>
    public required IReadOnlyList<MetricPeak> ThrottledMinutes { get; init; }
}

public sealed record MetricPeak(DateTimeOffset Minute, double Value);

/// <summary>Folds metric points into per-model totals, peaks and throttled minutes.</summary>
public static class MetricsSummary
{
    public static IReadOnlyList<ModelMetrics> Summarise(IEnumerable<ImportedMetricPoint> points, DateTimeOffset? from, DateTimeOffset? to)
    {
        // Minutes per model and metric (a metric may come twice from overlapping exports: the last wins).
        var byModel = new Dictionary<string, Dictionary<string, SortedDictionary<DateTimeOffset, double>>>(StringComparer.Ordinal);
        foreach (var p in points)
        {
            if ((from is { } f && p.Minute < f) || (to is { } t && p.Minute >= t))
            {
                continue;
            }

            if (!byModel.TryGetValue(p.ModelId, out var metrics))
            {
                metrics = new Dictionary<string, SortedDictionary<DateTimeOffset, double>>(StringComparer.Ordinal);
                byModel[p.ModelId] = metrics;
            }

            if (!metrics.TryGetValue(p.Metric, out var series))
            {
                series = [];
                metrics[p.Metric] = series;
            }

            series[p.Minute] = p.Value;
        }

        return byModel.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new ModelMetrics
        {
            ModelId = m.Key,
            Totals = m.Value.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value.Values.Sum(), StringComparer.Ordinal),
            Peaks = m.Value.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value.MaxBy(v => v.Value) is var top ? new MetricPeak(top.Key, top.Value) : null!, StringComparer.Ordinal),
            ThrottledMinutes = m.Value.TryGetValue("InvocationThrottles", out var throttles)
                ? throttles.Where(v => v.Value > 0).Select(v => new MetricPeak(v.Key, v.Value)).ToList()
                : [],
        }).ToList();
    }
}
