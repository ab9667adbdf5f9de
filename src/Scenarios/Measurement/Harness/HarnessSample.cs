namespace LoadTest.Scenarios.Measurement.Harness;

/// <summary>
/// One reading of the harness's own delay, taken by <see cref="HarnessLagMonitor"/> every sample interval.
/// </summary>
/// <param name="AtMs">When it was taken, on the run clock.</param>
/// <param name="DispatchLagMs">How long a work item queued on the thread pool waited to start (its age so far while it still waits).</param>
/// <param name="TimerLagMs">How late a timer due one interval ahead fired (so far, while it has not), or the monitor's own wake-up, whichever is later.</param>
/// <param name="Cpu">Process CPU over the interval as a fraction of all cores (0..1).</param>
/// <param name="IntervalMs">Wall time the CPU reading covers.</param>
/// <param name="PendingWorkItems">Work items queued on the thread pool at the reading.</param>
public readonly record struct HarnessSample(double AtMs, double DispatchLagMs, double TimerLagMs, double Cpu, double IntervalMs, long PendingWorkItems)
{
    /// <summary>The delay a timestamp taken on the pool could have suffered: the larger of the two.</summary>
    public double LagMs => Math.Max(DispatchLagMs, TimerLagMs);
}
