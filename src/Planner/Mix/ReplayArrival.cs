namespace LoadTest.Planner.Mix;

/// <summary>
/// One request of a run, for replaying its arrival pattern: when it was scheduled (seconds from
/// the run's start), its shape (its own when it completed, else one drawn from its workload; null:
/// unknown, drawn from the mix by the simulation), the load phase that scheduled it, and whether
/// the run saw it throttled.
/// </summary>
public readonly record struct ReplayArrival(double Seconds, RequestShape? Shape, int Phase = 0, bool Throttled = false);
