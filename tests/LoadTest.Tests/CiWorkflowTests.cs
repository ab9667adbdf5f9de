using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace LoadTest.Cli.Tests;

/// <summary>
/// The GitHub Actions workflow in docs/ci.md, run here: its shell steps, in order, from the
/// repository root, the way a runner would (bash -e, GITHUB_STEP_SUMMARY set). The `uses:` steps
/// (checkout, setup-dotnet, upload, junit publishing) are GitHub's own and are not run. It runs
/// alone: its nested build would otherwise take the cores from the timing-sensitive run tests.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed partial class CiWorkflowTests
{
    [Fact]
    public async Task The_documented_workflow_builds_runs_the_ci_scenario_and_posts_its_report()
    {
        var root = RepositoryRoot.Path();
        var steps = WorkflowSteps(Path.Combine(root, "docs", "ci.md"));
        Assert.Equal(["Build", "Load test (ci scenario on the emulator)", "Job summary", "Fail on gates"], steps.Where(s => s.Run is not null).Select(s => s.Name));

        var results = Path.Combine(root, "results", "ci");
        var summaryFile = Path.Combine(Path.GetTempPath(), "loadtest-step-summary-" + Guid.NewGuid().ToString("n") + ".md");
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        try
        {
            var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var step in steps.Where(s => s.Run is not null))
            {
                // The last step runs only when the load step failed, as `if: steps.load.outcome == 'failure'` says.
                if (step.If == "steps.load.outcome == 'failure'" && outcomes["Load test (ci scenario on the emulator)"] == 0)
                {
                    continue;
                }

                outcomes[step.Name] = await RunStepAsync(root, step.Run!, summaryFile);
            }

            Assert.Equal(0, outcomes["Build"]);
            Assert.Contains(outcomes["Load test (ci scenario on the emulator)"], new[] { 0, 99 });
            Assert.Equal(0, outcomes["Job summary"]);
            Assert.True(File.Exists(Path.Combine(results, "junit.xml")));
            Assert.True(File.Exists(Path.Combine(results, "report.html")));
            Assert.StartsWith("## LoadTest `ci`", await File.ReadAllTextAsync(summaryFile), StringComparison.Ordinal);
            if (outcomes["Load test (ci scenario on the emulator)"] != 0)
            {
                Assert.Equal(1, outcomes["Fail on gates"]);
            }
        }
        finally
        {
            File.Delete(summaryFile);
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }
        }
    }

    private sealed record Step(string Name, string? Run, string? If);

    private static List<Step> WorkflowSteps(string markdown)
    {
        var blocks = YamlBlock().Matches(File.ReadAllText(markdown)).Select(m => m.Groups[1].Value);
        var workflow = Assert.Single(blocks, b => b.Contains("jobs:", StringComparison.Ordinal));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(workflow));
        var jobs = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"];
        var job = (YamlMappingNode)Assert.Single(jobs.Children).Value;
        string? Scalar(YamlMappingNode node, string key)
            => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
        return ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>()
            .Select(s => new Step(Scalar(s, "name") ?? Scalar(s, "uses") ?? "", Scalar(s, "run"), Scalar(s, "if")))
            .ToList();
    }

    private static async Task<int> RunStepAsync(string root, string script, string summaryFile)
    {
        var start = new ProcessStartInfo("bash", ["-e", "-c", script])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GITHUB_STEP_SUMMARY"] = summaryFile;

        // The test host's MSBuild settings would steer a nested `dotnet build`.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"step did not finish in 5 minutes: {script}\n{await stdout}\n{await stderr}");
        }

        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
