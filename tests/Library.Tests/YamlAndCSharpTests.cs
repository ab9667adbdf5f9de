using LoadTest.Results;
using Xunit.Abstractions;

namespace LoadTest.Library.Tests;

/// <summary>YAML and C# are two front doors to one engine: the same scenario through each gives the same schedule and figures.</summary>
public sealed class YamlAndCSharpTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_same_scenario_in_yaml_and_in_csharp_has_the_same_starts_and_the_same_figures()
    {
        var config = LibraryRuns.WriteConfig();
        var yamlOut = LibraryRuns.NewFolder("yaml");
        var csOut = LibraryRuns.NewFolder("cs");

        var fromYaml = await LoadTestRunner.RunAsync(LoadScenario.FromYaml(config, "chat-poisson").WithSeed(7), new RunOptions { OutputDirectory = yamlOut });
        var inCSharp = LoadScenario.Create("chat-poisson-cs", async ctx =>
            {
                await ctx.Bedrock.ConverseAsync(ctx.ModelId, ctx.SyntheticConverseRequest());
                return StepResult.Ok();
            })
            .WithWorkload("chat")
            .WithLoad(Load.Poisson(rpm: 600, during: TimeSpan.FromSeconds(6)))
            .WithSeed(7);
        var fromCSharp = await LoadTestRunner.RunAsync(inCSharp, new RunOptions { ConfigFile = config, OutputDirectory = csOut });

        // The schedule: the same start offsets, request by request.
        var yamlStarts = RequestsCsv.Read(new ResultsDirectory(yamlOut).Requests).OrderBy(r => r.Id).Select(r => (r.Id, r.ScheduledMs)).ToList();
        var csStarts = RequestsCsv.Read(new ResultsDirectory(csOut).Requests).OrderBy(r => r.Id).Select(r => (r.Id, r.ScheduledMs)).ToList();
        output.WriteLine($"starts {yamlStarts.Count}; p50 latency yaml {fromYaml.LatencyMs.P50} ms, C# {fromCSharp.LatencyMs.P50} ms; p50 TTFT yaml {fromYaml.TtftMs.P50} ms, C# {fromCSharp.TtftMs.P50} ms; quota tokens {fromYaml.Tokens.Quota} / {fromCSharp.Tokens.Quota}");
        Assert.InRange(yamlStarts.Count, 30, 100);
        Assert.Equal(yamlStarts, csStarts);

        // The figures: the same requests, sizes and outcomes; latency within run-to-run noise.
        Assert.Equal(fromYaml.Requests.Scheduled, fromCSharp.Requests.Scheduled);
        Assert.Equal(fromYaml.Requests.Succeeded, fromCSharp.Requests.Succeeded);
        Assert.Equal(fromYaml.Requests.Sent, fromYaml.Requests.Succeeded);
        Assert.Equal(fromYaml.Tokens.Input, fromCSharp.Tokens.Input);
        Assert.Equal(fromYaml.Tokens.Output, fromCSharp.Tokens.Output);
        Assert.Equal(fromYaml.Tokens.Quota, fromCSharp.Tokens.Quota);
        Assert.Equal(fromYaml.Requests.Attempts, fromCSharp.Requests.Attempts);
        Assert.True(fromCSharp.TtftMs.Count == fromCSharp.Requests.Succeeded, "every C# iteration's Bedrock call gave a TTFT");
        Assert.InRange(fromCSharp.LatencyMs.P50, (fromYaml.LatencyMs.P50 * 0.5) - 50, (fromYaml.LatencyMs.P50 * 1.5) + 50);
        Assert.InRange(fromCSharp.TtftMs.P50, (fromYaml.TtftMs.P50 * 0.5) - 50, (fromYaml.TtftMs.P50 * 1.5) + 50);
        Assert.Equal(fromYaml.Settings.Mix.Values, fromCSharp.Settings.Mix.Values);
    }
}
