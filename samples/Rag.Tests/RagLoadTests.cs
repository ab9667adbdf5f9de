using LoadTest;
using Rag;

namespace Rag.Tests;

/// <summary>The load test as a unit test: run the scenario, assert on its gates and its steps.</summary>
public sealed class RagLoadTests
{
    [Fact]
    public async Task Retrieval_stays_under_200_ms_at_p95_and_every_iteration_succeeds()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "rag-sample-" + Guid.NewGuid().ToString("N"));
        var summary = await LoadTestRunner.RunAsync(
            RagScenario.Create(rpm: 300, during: TimeSpan.FromSeconds(4)).WithGates("p95(step:retrieve) < 200ms", "error_rate < 1%"),
            new RunOptions { OutputDirectory = outDir });

        Assert.True(summary.Passed, string.Join("; ", summary.Gates.Select(g => $"{g.Expression}: {g.Message}")));
        Assert.Equal(summary.Requests.Sent, summary.Steps!["generate"].Succeeded);
        Assert.InRange(summary.Steps["retrieve"].LatencyMs.P50, 4, 200);
        Assert.True(summary.Tokens.Quota > 0, "the Bedrock step's tokens are measured");
        Assert.InRange(summary.Steps["retrieve"].Sizes!.ResponseBytesPerRun, 60, 80);
    }

    [Fact]
    public async Task A_gate_the_retrieval_cannot_meet_fails_the_run()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "rag-sample-" + Guid.NewGuid().ToString("N"));
        var summary = await LoadTestRunner.RunAsync(
            RagScenario.Create(rpm: 300, during: TimeSpan.FromSeconds(2)).WithGates("p95(step:retrieve) < 1ms"),
            new RunOptions { OutputDirectory = outDir });

        Assert.False(summary.Passed);
    }
}
