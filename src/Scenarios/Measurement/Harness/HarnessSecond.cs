namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>The harness's own delay folded over one second of the run (second N covers [N, N+1) s).</summary>
public sealed record HarnessSecond(int Second)
{
    public int Samples { get; init; }

    public double MaxDispatchLagMs { get; init; }

    public double MaxTimerLagMs { get; init; }

    /// <summary>How much of the second the harness spent lagging by more than the lag threshold.</summary>
    public double LaggedMs { get; init; }

    /// <summary>Sum of CPU fraction x interval over the samples (the numerator of <see cref="Cpu"/>).</summary>
    public double CpuWeightedMs { get; init; }

    public double WallMs { get; init; }

    public long MaxPendingWorkItems { get; init; }

    public double MaxLagMs => Math.Max(MaxDispatchLagMs, MaxTimerLagMs);

    /// <summary>Process CPU over the second as a fraction of all cores (0 when no sample covered it).</summary>
    public double Cpu => WallMs > 0 ? CpuWeightedMs / WallMs : 0;
}
