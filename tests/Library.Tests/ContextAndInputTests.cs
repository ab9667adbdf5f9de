using System.Collections.Concurrent;
using LoadTest.Core;

namespace LoadTest.Library.Tests;

/// <summary>What an iteration's context carries, and bad scenarios refused before any load.</summary>
public sealed class ContextAndInputTests
{
    [Fact]
    public async Task Closed_model_users_have_their_ids_and_each_iteration_its_own_seeded_draws()
    {
        var seen = new ConcurrentBag<(long User, long Iteration, int Draw)>();
        LoadScenario Scenario() => LoadScenario.Create("users", async ctx =>
            {
                await ctx.Step("work", () => Task.Delay(20, ctx.CancellationToken));
                seen.Add((ctx.UserId, ctx.IterationId, ctx.Random.Next(1_000_000)));
                return StepResult.Ok();
            })
            .WithLoad(Load.KeepUsers(3, TimeSpan.FromSeconds(1)))
            .WithSeed(5);

        var summary = await LoadTestRunner.RunAsync(Scenario(), new RunOptions { OutputDirectory = LibraryRuns.NewFolder("users") });
        var first = seen.ToDictionary(s => s.Iteration, s => s.Draw);
        seen.Clear();
        await LoadTestRunner.RunAsync(Scenario(), new RunOptions { OutputDirectory = LibraryRuns.NewFolder("users") });

        Assert.Equal([1L, 2L, 3L], seen.Select(s => s.User).Distinct().Order());
        Assert.Equal(summary.Steps!["work"].Count, summary.Requests.Sent);
        Assert.InRange(summary.Requests.Sent, 15, 200);

        // Same seed and iteration id, same draws, whatever order the iterations ran in.
        var common = seen.Where(s => first.ContainsKey(s.Iteration)).ToList();
        Assert.NotEmpty(common);
        Assert.All(common, s => Assert.Equal(first[s.Iteration], s.Draw));
    }

    [Fact]
    public async Task A_scenario_without_load_or_with_an_unknown_workload_is_refused_before_any_load()
    {
        var step = LoadScenario.Create("s", _ => Task.FromResult(StepResult.Ok()));
        var outDir = LibraryRuns.NewFolder("refused");

        var noLoad = await Assert.ThrowsAsync<ConfigException>(() => LoadTestRunner.RunAsync(step, new RunOptions { OutputDirectory = outDir }));
        Assert.Contains("no load phases", noLoad.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<ConfigException>(() => LoadTestRunner.RunAsync(
            step.WithLoad(Load.Inject(60, TimeSpan.FromSeconds(1))).WithWorkload("chta"),
            new RunOptions { ConfigFile = LibraryRuns.WriteConfig(), OutputDirectory = outDir }));
        Assert.Contains("workload 'chta'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("chat", unknown.Message, StringComparison.Ordinal);

        var noScenario = await Assert.ThrowsAsync<ConfigException>(() => LoadTestRunner.RunAsync(
            LoadScenario.FromYaml(LibraryRuns.WriteConfig(), "chat-poison"), new RunOptions { OutputDirectory = outDir }));
        Assert.Contains("chat-poisson", noScenario.Message, StringComparison.Ordinal);

        // A YAML scenario's requests time no steps: a step gate on one could only fail.
        var stepGate = await Assert.ThrowsAsync<ConfigException>(() => LoadTestRunner.RunAsync(
            LoadScenario.FromYaml(LibraryRuns.WriteConfig(), "chat-poisson").WithGates("p95(step:retrieve) < 200ms"), new RunOptions { OutputDirectory = outDir }));
        Assert.Contains("scenario 'chat-poisson' is a YAML scenario", stepGate.Message, StringComparison.Ordinal);
        Assert.Contains("step gates need a C# scenario", stepGate.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));
    }

    [Fact]
    public void Load_phases_are_the_yaml_phases_and_refuse_impossible_values()
    {
        var during = TimeSpan.FromSeconds(30);
        Assert.Equal(new LoadTest.Config.ConstantPhase(120, during), Load.Inject(120, during));
        Assert.Equal(new LoadTest.Config.RampPhase(10, 100, during), Load.Ramp(10, 100, during));
        Assert.Equal(new LoadTest.Config.PoissonPhase(60, during), Load.Poisson(60, during));
        Assert.Equal(new LoadTest.Config.ConcurrencyPhase(4, during), Load.KeepUsers(4, during));
        Assert.Equal(new LoadTest.Config.PausePhase(during), Load.Pause(during));
        Assert.Throws<ArgumentOutOfRangeException>(() => Load.Inject(0, during));
        Assert.Throws<ArgumentOutOfRangeException>(() => Load.KeepUsers(0, during));
        Assert.Throws<ArgumentOutOfRangeException>(() => Load.Pause(TimeSpan.Zero));
    }
}
