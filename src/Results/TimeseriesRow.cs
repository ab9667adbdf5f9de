namespace LoadTest.Results;

/// <summary>One second of a run: one row of the per-second file (<see cref="TimeseriesCsv"/>).</summary>
public sealed record TimeseriesRow
{
    /// <summary>Seconds since the run's start (the row covers [Second, Second+1)).</summary>
    public int Second { get; init; }

    public int Phase { get; init; }

    /// <summary>Requests due in this second by the schedule.</summary>
    public long Offered { get; init; }

    public long Started { get; init; }

    public long Dropped { get; init; }

    /// <summary>Completions in this second, by final outcome.</summary>
    public long Ok { get; init; }

    public long Throttled { get; init; }

    public long Failed { get; init; }

    /// <summary>Attempts answered with a throttle in this second (retried or not).</summary>
    public long ThrottledAttempts { get; init; }

    public long InFlight { get; init; }

    /// <summary>Quota tokens of requests completing in this second.</summary>
    public long QuotaTokens { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public double LatencyP50Ms { get; init; }

    public double LatencyP95Ms { get; init; }

    public double LatencyP99Ms { get; init; }

    public double TtftP50Ms { get; init; }

    public double TtftP95Ms { get; init; }

    /// <summary>
    /// Quota tokens per minute in the minute window ending with this second (completions; over a run
    /// shorter than a minute, the whole run scaled to a minute). Null in folders of schema version 1.
    /// </summary>
    public double? QuotaTpm { get; init; }

    /// <summary>Requests started per minute, in the same window as <see cref="QuotaTpm"/>. Null in folders of schema version 1.</summary>
    public double? Rpm { get; init; }
}
