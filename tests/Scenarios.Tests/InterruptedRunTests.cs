using LoadTest.Config;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Finishing;
using LoadTest.Scenarios.Gates;
using LoadTest.Results;

namespace LoadTest.Scenarios.Tests;

/// <summary>A killed run's result, rebuilt from its rows, is what the recorder measured from the same rows.</summary>
public sealed class InterruptedRunTests
{
    [Fact]
    public async Task Rebuilding_from_the_rows_gives_the_recorders_own_figures_and_stays_partial()
    {
        var dir = EngineFixture.Output();
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(3))]);
        run = run with { Scenario = run.Scenario with { Gates = [GateParser.Parse("error_rate < 1%")] } };
        var finished = await new LoadEngine(new FakeSender(TimeSpan.FromMilliseconds(40))).RunAsync(run, dir);

        // As if killed after the last row reached the disk: the summary is an older snapshot.
        var snapshot = finished with
        {
            Completed = false,
            StopKind = RunStopKind.Running,
            StopReason = "running",
            Requests = new RequestCounts { Scheduled = 3 },
            Phases = [finished.Phases[0] with { EndSeconds = 1 }],
            DurationSeconds = 1,
        };
        var (rebuilt, series) = InterruptedRun.Rebuild(dir, snapshot);

        Assert.True(rebuilt.IsPartial);
        Assert.Equal(RunStopKind.Running, rebuilt.StopKind);
        Assert.Equal(finished.Requests, rebuilt.Requests);
        Assert.Equal(finished.Tokens, rebuilt.Tokens);
        Assert.Equal(finished.LatencyMs, rebuilt.LatencyMs);
        Assert.Equal(finished.Outcomes, rebuilt.Outcomes);
        Assert.InRange(rebuilt.Rates.OfferedRpm, finished.Rates.OfferedRpm * 0.95, finished.Rates.OfferedRpm * 1.1);
        Assert.Equal(["error_rate < 1%"], rebuilt.Gates.Select(g => g.Expression));
        Assert.True(rebuilt.Gates[0].Passed);
        Assert.False(rebuilt.Passed);
        Assert.Equal(finished.Requests.Sent, series.Sum(r => r.Started));
        Assert.Equal(finished.Requests.Succeeded, series.Sum(r => r.Ok));
        Assert.Contains($"rebuilt from the {finished.Requests.Scheduled} rows", rebuilt.StopReason, StringComparison.Ordinal);
    }
}
