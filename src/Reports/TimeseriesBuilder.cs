using LoadTest.Scenarios.Results;

namespace LoadTest.Reports;

/// <summary>
/// Rebuilds per-second rows from requests.csv, for runs whose engine did not write
/// timeseries.csv. Only the latencies of one second are held at a time per bucket.
/// </summary>
public static class TimeseriesBuilder
{
    public static IReadOnlyList<TimeseriesRow> FromRequests(IEnumerable<RequestRecord> requests)
    {
        var buckets = new SortedDictionary<int, Bucket>();
        Bucket At(double ms)
        {
            var s = Math.Max(0, (int)Math.Floor(ms / 1000));
            if (!buckets.TryGetValue(s, out var b))
            {
                b = new Bucket();
                buckets[s] = b;
            }

            return b;
        }

        foreach (var r in requests)
        {
            var scheduled = At(r.ScheduledMs);
            scheduled.Offered++;
            scheduled.Phase = Math.Max(scheduled.Phase, r.Phase);
            if (r.Outcome == Outcomes.Dropped)
            {
                scheduled.Dropped++;
                continue;
            }

            if (r.StartedMs is { } started)
            {
                At(started).Started++;
                At(started).InFlightDelta++;
            }

            if (r.EndedMs is not { } ended)
            {
                continue;
            }

            var done = At(ended);
            done.InFlightDelta--;
            done.ThrottledAttempts += r.ThrottledAttempts;
            done.QuotaTokens += r.QuotaTokens;
            // Failed rows carry the planned input size for the planner; only consumed tokens count here.
            if (r.Consumed)
            {
                done.InputTokens += r.InputTokens;
                done.OutputTokens += r.OutputTokens;
            }
            if (r.Outcome == Outcomes.Ok)
            {
                done.Ok++;
            }
            else if (r.Outcome == Outcomes.Throttled)
            {
                done.Throttled++;
            }
            else
            {
                done.Failed++;
            }

            if (r.LatencyMs is { } latency)
            {
                done.Latencies.Add(latency);
            }

            if (r.TtftMs is { } ttft)
            {
                done.Ttfts.Add(ttft);
            }
        }

        var rows = new List<TimeseriesRow>();
        if (buckets.Count == 0)
        {
            return rows;
        }

        long inFlight = 0;
        var phase = 0;
        var last = buckets.Keys.Max();
        for (var s = 0; s <= last; s++)
        {
            buckets.TryGetValue(s, out var b);
            b ??= new Bucket { Phase = phase };
            phase = Math.Max(phase, b.Phase);
            inFlight += b.InFlightDelta;
            b.Latencies.Sort();
            b.Ttfts.Sort();
            rows.Add(new TimeseriesRow
            {
                Second = s,
                Phase = phase,
                Offered = b.Offered,
                Started = b.Started,
                Dropped = b.Dropped,
                Ok = b.Ok,
                Throttled = b.Throttled,
                Failed = b.Failed,
                ThrottledAttempts = b.ThrottledAttempts,
                InFlight = inFlight,
                QuotaTokens = b.QuotaTokens,
                InputTokens = b.InputTokens,
                OutputTokens = b.OutputTokens,
                LatencyP50Ms = Quantile(b.Latencies, 0.50),
                LatencyP95Ms = Quantile(b.Latencies, 0.95),
                LatencyP99Ms = Quantile(b.Latencies, 0.99),
                TtftP50Ms = Quantile(b.Ttfts, 0.50),
                TtftP95Ms = Quantile(b.Ttfts, 0.95),
            });
        }

        return rows;
    }

    /// <summary>Nearest-rank quantile of sorted values (0 when empty, matching an idle second).</summary>
    internal static double Quantile(List<double> sorted, double q)
        => sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed class Bucket
    {
        public int Phase;
        public long Offered;
        public long Started;
        public long Dropped;
        public long Ok;
        public long Throttled;
        public long Failed;
        public long ThrottledAttempts;
        public long InFlightDelta;
        public long QuotaTokens;
        public long InputTokens;
        public long OutputTokens;
        public readonly List<double> Latencies = [];
        public readonly List<double> Ttfts = [];
    }
}
