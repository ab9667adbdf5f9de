using System.Globalization;
using System.Xml.Linq;
using LoadTest.Reports;
using LoadTest.Results;

namespace LoadTest.Library.Tests;

/// <summary>
/// A step's own sizes, and a step cut off by the iteration's deadline, reach summary.json, both
/// reports, junit.xml and `loadtest compare`.
/// </summary>
public sealed class StepSizesAndTimeoutTests
{
    // One attempt of at most 1 s: the iteration's deadline is 1 s x 1 + 10 s (the engine's margin).
    private static readonly string ShortDeadline = LibraryRuns.Yaml
        .Replace("maxAttempts: 3 }, timeout: 30s", "maxAttempts: 1 }, timeout: 1s", StringComparison.Ordinal);

    [Fact]
    public async Task Step_sizes_and_a_timed_out_step_are_kept_and_shown_everywhere_a_step_is()
    {
        Assert.Contains("timeout: 1s", ShortDeadline, StringComparison.Ordinal);
        var config = Path.Combine(LibraryRuns.NewFolder("config"), "scenarios.yaml");
        await File.WriteAllTextAsync(config, ShortDeadline);
        var outDir = LibraryRuns.NewFolder("sizes");
        var scenario = LoadScenario.Create("sized", async ctx =>
            {
                // The retrieval reports what it moved: 100 bytes of query, 2,000 of documents.
                await ctx.Step("retrieve", async () =>
                {
                    await Task.Delay(10, ctx.CancellationToken);
                    return StepResult.Ok(statusCode: 200, requestBytes: 100, responseBytes: 2_000);
                });

                // Every third iteration's generation hangs until the deadline cuts it off.
                await ctx.Step("generate", async () =>
                {
                    if (ctx.IterationId % 3 == 0)
                    {
                        await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                    }

                    return StepResult.Ok(responseBytes: 500);
                });
                return StepResult.Ok();
            })
            .WithLoad(Load.Inject(rpm: 300, during: TimeSpan.FromSeconds(2)))
            .WithGates("error_rate{step:generate} < 1%", "p95(step:retrieve) < 5s");

        var summary = await LoadTestRunner.RunAsync(scenario, new RunOptions { ConfigFile = config, OutputDirectory = outDir });

        var dir = new ResultsDirectory(outDir);
        var rows = RequestsCsv.Read(dir.Requests).ToList();
        var hung = rows.Count(r => r.Id % 3 == 0);
        Assert.InRange(rows.Count, 8, 12);
        Assert.InRange(hung, 2, 4);
        Assert.Equal(hung, rows.Count(r => r.Outcome == Outcomes.Timeout));

        // summary.json: the timed-out iterations still count their finished retrieval and the generation that was running.
        var written = SummaryJson.Read(dir.Summary);
        var retrieve = written.Steps!["retrieve"];
        var generate = written.Steps!["generate"];
        Assert.Equal(rows.Count, retrieve.Count);
        Assert.Equal(0, retrieve.Failed);
        Assert.Equal(new StepSizes { RequestBytes = 100L * rows.Count, ResponseBytes = 2_000L * rows.Count, RequestBytesPerRun = 100, ResponseBytesPerRun = 2_000 }, retrieve.Sizes);
        Assert.Equal(rows.Count, generate.Count);
        Assert.Equal(hung, generate.TimedOut);
        Assert.Equal(hung, generate.Failed);
        Assert.True(generate.LatencyMs.Max >= 10_000, $"the timed-out step ran to the deadline (max {generate.LatencyMs.Max} ms)");
        Assert.Equal(500L * (rows.Count - hung), generate.Sizes!.ResponseBytes);
        Assert.Equal(0, generate.Sizes.RequestBytes);
        Assert.Equal(hung, summary.ErrorCodes["DeadlineExceeded"]);

        // report.md and report.html: the timed-out count and the sizes per run.
        var md = await File.ReadAllTextAsync(Path.Combine(outDir, MarkdownReport.FileName));
        Assert.Contains($"| `generate` | {generate.Count} | {generate.Succeeded} | {hung} | {hung} |", md, StringComparison.Ordinal);
        Assert.Matches(@"\| `retrieve` \|[^\n]*\| 100 \| 2,000 \|", md);
        var html = await File.ReadAllTextAsync(Path.Combine(outDir, HtmlReport.FileName));
        Assert.Contains("<th class=\"num\">timed out</th>", html, StringComparison.Ordinal);
        Assert.Matches("<code>retrieve</code>.*<td class=\"num\">100</td><td class=\"num\">2,000</td></tr>", html);

        // junit.xml: a test case per step with its figures; the generation's failed gate fails its case.
        var junit = XDocument.Load(Path.Combine(outDir, JunitReport.FileName));
        var cases = junit.Descendants("testcase").Where(c => (string?)c.Attribute("classname") == "loadtest.steps.sized").ToDictionary(c => (string)c.Attribute("name")!);
        Assert.Equal(["step generate", "step retrieve"], cases.Keys.Order());
        string Property(string step, string name) => (string)cases[step].Descendants("property").Single(p => (string?)p.Attribute("name") == name).Attribute("value")!;
        Assert.Equal(hung.ToString(CultureInfo.InvariantCulture), Property("step generate", "timed_out"));
        Assert.Equal(rows.Count.ToString(CultureInfo.InvariantCulture), Property("step retrieve", "runs"));
        Assert.Equal((100 * rows.Count).ToString(CultureInfo.InvariantCulture), Property("step retrieve", "request_bytes"));
        Assert.Null(cases["step retrieve"].Element("failure"));
        Assert.Contains("error_rate{step:generate} < 1%", (string)cases["step generate"].Element("failure")!.Attribute("message")!, StringComparison.Ordinal);
        Assert.Equal(junit.Descendants("testcase").Count(c => c.Element("failure") is not null).ToString(CultureInfo.InvariantCulture), (string)junit.Root!.Attribute("failures")!);

        // loadtest compare: rows per step, read from the summaries (here a run against a copy of itself with its steps removed).
        var without = LibraryRuns.NewFolder("no-steps");
        SummaryJson.Write(new ResultsDirectory(without).Summary, written with { Steps = null });
        var (exit, stdout) = await LibraryRuns.Cli("compare", outDir, without);
        Assert.Equal(0, exit);
        var p95 = stdout.Split('\n').Single(l => l.StartsWith("p95(step:retrieve)", StringComparison.Ordinal));
        Assert.Contains(Math.Round(retrieve.LatencyMs.P95).ToString(CultureInfo.InvariantCulture) + " ms", p95, StringComparison.Ordinal);
        var errors = stdout.Split('\n').Single(l => l.StartsWith("error_rate{step:generate}", StringComparison.Ordinal));
        Assert.Contains((generate.ErrorRate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%", errors, StringComparison.Ordinal);
        Assert.Contains("p50(step:generate)", stdout, StringComparison.Ordinal);
    }
}
