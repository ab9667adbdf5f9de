using LoadTest.Scenarios.Config;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Load;
using LoadTest.Results;

namespace LoadTest.Scenarios.Tests;

/// <summary>Builds small runs for engine tests and a fresh results directory for each.</summary>
internal static class EngineFixture
{
    public static LoadRun Run(IReadOnlyList<LoadPhase> phases, int maxInFlight = 2000, IReadOnlyList<WorkloadSpec>? workloads = null, TargetSettings? target = null)
    {
        workloads ??= [RequestPlannerTests.Workload("chat", input: 1000, output: 100)];
        return new LoadRun
        {
            Scenario = new ScenarioSpec
            {
                Name = "test",
                Mix = workloads.ToDictionary(w => w.Name, _ => 1.0),
                Phases = phases,
                Target = (target ?? new TargetSettings()) with { MaxInFlight = maxInFlight },
            },
            Workloads = workloads,
            Models = ModelCatalog.BuiltIn,
            Seed = 11,
            DrainGrace = TimeSpan.FromSeconds(10),
        };
    }

    public static ResultsDirectory Output()
        => new(Path.Combine(Path.GetTempPath(), "loadtest-tests", Guid.NewGuid().ToString("n")));
}
