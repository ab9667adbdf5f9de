using LoadTest.Config;

namespace LoadTest.Planner;

/// <summary>
/// A workload from scenarios.yaml and how often it starts: sessions per minute for a session
/// workload (each session sends every one of its turns), else requests per minute.
/// </summary>
public sealed record DeclaredWorkload(WorkloadSpec Workload, double ArrivalsPerMinute);
