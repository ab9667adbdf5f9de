using LoadTest.Reports;
using LoadTest.Results;

namespace LoadTest.Library.Tests;

/// <summary>A custom step's latency and failures reach the summary, both reports and the gates; the folder is one the CLI reads.</summary>
public sealed class StepMeasurementTests
{
    private static LoadScenario Rag() => LoadScenario.Create("rag", async ctx =>
        {
            // Every fourth retrieval finds nothing: the step fails and so does the iteration.
            var found = await ctx.Step("retrieve", async () =>
            {
                await Task.Delay(40, ctx.CancellationToken);
                return ctx.IterationId % 4 == 0 ? StepResult.Fail("NoDocuments") : StepResult.Ok();
            });
            if (!found.IsOk)
            {
                return found;
            }

            await ctx.Step("bedrock", () => ctx.Bedrock.ConverseAsync(ctx.ModelId, ctx.SyntheticConverseRequest(), ctx.CancellationToken));
            return StepResult.Ok();
        })
        .WithLoad(Load.Inject(rpm: 600, during: TimeSpan.FromSeconds(4)))
        .WithSeed(3);

    [Fact]
    public async Task A_steps_latency_and_failures_are_in_the_summary_both_reports_and_its_gates()
    {
        var config = LibraryRuns.WriteConfig();
        var outDir = LibraryRuns.NewFolder("rag");
        var scenario = Rag().WithGates("p95(step:retrieve) < 2s", "error_rate{step:bedrock} == 0", "p95(step:retrieve) < 10ms", "error_rate{step:retrieve} < 1%");

        var summary = await LoadTestRunner.RunAsync(scenario, new RunOptions { ConfigFile = config, OutputDirectory = outDir });

        var dir = new ResultsDirectory(outDir);
        var rows = RequestsCsv.Read(dir.Requests).ToList();
        var failing = rows.Count(r => r.Id % 4 == 0);
        Assert.InRange(rows.Count, 30, 50);

        // The summary on disk holds the steps, as the engine measured them.
        var written = SummaryJson.Read(dir.Summary);
        var retrieve = written.Steps!["retrieve"];
        var bedrock = written.Steps!["bedrock"];
        Assert.Equal(rows.Count, retrieve.Count);
        Assert.Equal(failing, retrieve.Failed);
        Assert.Equal((double)failing / rows.Count, retrieve.ErrorRate, 6);
        Assert.InRange(retrieve.LatencyMs.P50, 39, 1000);
        Assert.Equal(rows.Count - failing, bedrock.Count);
        Assert.Equal(0, bedrock.Failed);
        Assert.Equal(bedrock.Count, bedrock.TtftMs!.Count);

        // The iteration is the request: the failed retrievals fail it, with their code; the Bedrock calls give tokens and TTFT.
        Assert.Equal(failing, summary.Requests.Failed);
        Assert.Equal(failing, summary.ErrorCodes["NoDocuments"]);
        Assert.Equal(rows.Count - failing, summary.TtftMs.Count);
        Assert.True(summary.Tokens.Quota > 0);
        Assert.All(rows.Where(r => r.Outcome == Outcomes.Ok), r => Assert.True(r.InputTokens > 0 && r.OutputTokens > 0 && r.QuotaTokens > 0 && r.Attempts == 1));

        // Gates on the step pass and fail as they should.
        Assert.Equal([true, true, false, false], written.Gates.Select(g => g.Passed));
        Assert.False(written.Passed);

        var md = File.ReadAllText(Path.Combine(outDir, MarkdownReport.FileName));
        Assert.Contains("### Steps", md, StringComparison.Ordinal);
        Assert.Contains($"| `retrieve` | {retrieve.Count} | {retrieve.Succeeded} | {retrieve.Failed} |", md, StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(outDir, HtmlReport.FileName));
        Assert.Contains("<section id=\"steps\">", html, StringComparison.Ordinal);
        Assert.Contains("<code>retrieve</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code>bedrock</code>", html, StringComparison.Ordinal);

        // The CLI reads the folder unchanged: report regenerates it, gate re-judges the step gates.
        File.Delete(Path.Combine(outDir, MarkdownReport.FileName));
        Assert.Equal((0, ""), await LibraryRuns.Cli("report", outDir) with { Stdout = "" });
        Assert.Contains($"| `retrieve` | {retrieve.Count} | {retrieve.Succeeded} | {retrieve.Failed} |", File.ReadAllText(Path.Combine(outDir, MarkdownReport.FileName)), StringComparison.Ordinal);

        // gate judges the run's own gates (two fail) and the ones given, on the steps as measured.
        var (exit, stdout) = await LibraryRuns.Cli("gate", outDir, "--gate", "mean(step:retrieve) > 30ms", "--gate", "max(step:retrieve) < 1ms");
        Assert.Equal(99, exit);
        Assert.Contains("PASS  p95(step:retrieve) < 2s", stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL  error_rate{step:retrieve} < 1%", stdout, StringComparison.Ordinal);
        Assert.Contains("PASS  mean(step:retrieve) > 30ms", stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL  max(step:retrieve) < 1ms", stdout, StringComparison.Ordinal);
        Assert.Contains("3 of 6 gates failed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_gate_that_cannot_parse_stops_the_run_before_any_load_with_its_column()
    {
        var outDir = LibraryRuns.NewFolder("bad-gate");
        var e = await Assert.ThrowsAsync<LoadTest.Core.ConfigException>(() => LoadTestRunner.RunAsync(Rag().WithGates("max(tpot){step:retrieve} < 5ms"), new RunOptions { OutputDirectory = outDir }));
        Assert.Contains("not measured per step", e.Message, StringComparison.Ordinal);
        Assert.Contains("scenario 'rag'", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));
    }
}
