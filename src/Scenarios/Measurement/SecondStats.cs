namespace LoadTest.Scenarios.Measurement;

/// <summary>One second of a run while it is being counted.</summary>
internal sealed class SecondStats
{
    public long Offered { get; set; }

    public long Started { get; set; }

    public long Dropped { get; set; }

    public long Ok { get; set; }

    public long Throttled { get; set; }

    public long Failed { get; set; }

    public long ThrottledAttempts { get; set; }

    public long InFlight { get; set; }

    public long QuotaTokens { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public double LatencyP50 { get; set; }

    public double LatencyP95 { get; set; }

    public double LatencyP99 { get; set; }

    public double TtftP50 { get; set; }

    public double TtftP95 { get; set; }

    /// <summary>Set once the second's percentiles are computed and its histograms returned.</summary>
    public bool Final { get; set; }
}
