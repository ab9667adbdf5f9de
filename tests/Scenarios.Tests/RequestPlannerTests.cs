using LoadTest.Config;
using LoadTest.Scenarios.Engine;

namespace LoadTest.Scenarios.Tests;

public sealed class RequestPlannerTests
{
    internal static WorkloadSpec Workload(string name, int input = 100, int output = 50, int? maxTokens = 1000, ApiKind api = ApiKind.Converse, int prefix = 0) => new()
    {
        Name = name,
        Model = "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        Api = api,
        InputTokens = TokenDistribution.Constant(input),
        OutputTokens = TokenDistribution.Constant(output),
        MaxTokens = maxTokens,
        CachedPrefixTokens = prefix,
    };

    [Fact]
    public void Picks_workloads_by_weight_and_repeats_with_the_same_seed()
    {
        var mix = new Dictionary<string, double> { ["a"] = 70, ["b"] = 30, ["c"] = 0 };
        var workloads = new[] { Workload("a"), Workload("b"), Workload("c") };
        var first = new RequestPlanner(mix, workloads, new Random(5));
        var names = Enumerable.Range(0, 20_000).Select(_ => first.Next().Workload.Name).ToList();
        var again = new RequestPlanner(mix, workloads, new Random(5));

        Assert.InRange(names.Count(n => n == "a") / 20_000.0, 0.68, 0.72);
        Assert.DoesNotContain("c", names);
        Assert.Equal(names.Take(100), Enumerable.Range(0, 100).Select(_ => again.Next().Workload.Name));
    }

    [Fact]
    public void Output_is_capped_by_max_tokens_and_ids_count_up()
    {
        var planner = new RequestPlanner(new Dictionary<string, double> { ["a"] = 1 }, [Workload("a", output: 5000, maxTokens: 256)], new Random(1));

        var r1 = planner.Next();
        var r2 = planner.Next();
        Assert.Equal(256, r1.OutputTokens);
        Assert.Equal(1, r1.Id);
        Assert.Equal(2, r2.Id);
    }
}
