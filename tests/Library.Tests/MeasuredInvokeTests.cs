using LoadTest.Bedrock.Client;
using LoadTest.Results;
using Xunit.Abstractions;

namespace LoadTest.Library.Tests;

/// <summary>
/// InvokeModel (Claude body), its streaming form and Cohere embeddings through the context's client
/// are measured as the YAML workloads of the same APIs are: the same workload run through each front
/// door gives the same tokens, quota tokens, attempts and first tokens.
/// </summary>
public sealed class MeasuredInvokeTests(ITestOutputHelper output)
{
    private const string Embed = "global.cohere.embed-v4:0";

    private static readonly string Yaml = LibraryRuns.Yaml.Replace("models:\n", $"models:\n  - {{ id: {Embed}, tpm: 100000000, rpm: 100000 }}\n", StringComparison.Ordinal)
        + $$"""

          - name: invoke
            mix: { invoke: 1 }
            load: [ { constant: { rpm: 300, during: 2s } } ]
          - name: invoke-stream
            mix: { invoke-stream: 1 }
            load: [ { constant: { rpm: 300, during: 2s } } ]
          - name: embed
            mix: { embed: 1 }
            load: [ { constant: { rpm: 300, during: 2s } } ]
        """;

    private static readonly string Workloads = """
          - name: invoke
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: invoke
            inputTokens: { mean: 400, p95: 900 }
            outputTokens: { mean: 40, p95: 90 }
            maxTokens: 128
          - name: invoke-stream
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: invoke-stream
            inputTokens: { mean: 400, p95: 900 }
            outputTokens: { mean: 40, p95: 90 }
            maxTokens: 128
          - name: embed
            model: global.cohere.embed-v4:0
            api: embed
            inputTokens: { mean: 200, p95: 600 }
            texts: 4
        """;

    [Theory]
    [InlineData("invoke")]
    [InlineData("invoke-stream")]
    [InlineData("embed")]
    public async Task A_call_through_the_context_is_measured_as_the_yaml_workload_of_its_api(string workload)
    {
        var config = Path.Combine(LibraryRuns.NewFolder("config"), "scenarios.yaml");
        await File.WriteAllTextAsync(config, Yaml.Replace("scenarios:\n", Workloads + "\nscenarios:\n", StringComparison.Ordinal));
        var fromYaml = await LoadTestRunner.RunAsync(LoadScenario.FromYaml(config, workload).WithSeed(11), new RunOptions { OutputDirectory = LibraryRuns.NewFolder("yaml-" + workload) });

        var chunks = 0;
        var vectors = 0;
        var inCSharp = LoadScenario.Create(workload + "-cs", async ctx =>
            {
                switch (workload)
                {
                    case "invoke":
                        var answer = await ctx.Step("bedrock", () => ctx.Bedrock.InvokeModelAsync(ctx.ModelId, ctx.SyntheticAnthropicRequest()));
                        Assert.Equal("message", answer.Type);
                        break;
                    case "invoke-stream":
                        var events = await ctx.Step("bedrock", () => ctx.Bedrock.InvokeModelWithResponseStreamAsync(ctx.ModelId, ctx.SyntheticAnthropicRequest()));
                        Interlocked.Add(ref chunks, events.Count);
                        break;
                    default:
                        var embedded = await ctx.Step("bedrock", () => ctx.Bedrock.EmbedAsync(ctx.ModelId, ctx.SyntheticEmbedRequest()));
                        Assert.True(embedded.InputTokenCount > 0);
                        Interlocked.Increment(ref vectors);
                        break;
                }

                return StepResult.Ok();
            })
            .WithWorkload(workload)
            .WithLoad(Load.Inject(rpm: 300, during: TimeSpan.FromSeconds(2)))
            .WithSeed(11);
        var fromCSharp = await LoadTestRunner.RunAsync(inCSharp, new RunOptions { ConfigFile = config, OutputDirectory = LibraryRuns.NewFolder("cs-" + workload) });

        output.WriteLine($"{workload}: sent {fromYaml.Requests.Sent}/{fromCSharp.Requests.Sent}; tokens in {fromYaml.Tokens.Input}/{fromCSharp.Tokens.Input}, out {fromYaml.Tokens.Output}/{fromCSharp.Tokens.Output}, quota {fromYaml.Tokens.Quota}/{fromCSharp.Tokens.Quota}; p50 TTFT {fromYaml.TtftMs.P50}/{fromCSharp.TtftMs.P50} ms; ITL samples {fromYaml.ItlMs.Count}/{fromCSharp.ItlMs.Count}");
        Assert.InRange(fromYaml.Requests.Sent, 8, 12);
        Assert.Equal(fromYaml.Requests.Sent, fromYaml.Requests.Succeeded);
        Assert.Equal(fromYaml.Requests.Sent, fromCSharp.Requests.Succeeded);
        Assert.True(fromYaml.Tokens.Input > 0);
        Assert.Equal(fromYaml.Tokens.Input, fromCSharp.Tokens.Input);
        Assert.Equal(fromYaml.Tokens.Output, fromCSharp.Tokens.Output);
        Assert.Equal(fromYaml.Tokens.Quota, fromCSharp.Tokens.Quota);
        Assert.Equal(fromYaml.Requests.Attempts, fromCSharp.Requests.Attempts);
        Assert.Equal(fromYaml.TtftMs.Count, fromCSharp.TtftMs.Count);
        Assert.Equal(fromCSharp.Requests.Sent, fromCSharp.Steps!["bedrock"].TtftMs!.Count);
        Assert.Equal(fromYaml.ItlMs.Count, fromCSharp.ItlMs.Count);
        Assert.Equal(fromYaml.Features?.Embeddings, fromCSharp.Features?.Embeddings);
        switch (workload)
        {
            case "invoke-stream":
                Assert.True(fromCSharp.ItlMs.Count > 0, "the stream's inter-token gaps are measured");
                Assert.True(chunks > fromCSharp.Requests.Sent, "every chunk is handed back");
                break;
            case "embed":
                Assert.Equal(fromCSharp.Requests.Sent, vectors);
                Assert.Equal(0, fromCSharp.Tokens.Output);
                Assert.Equal(4 * fromCSharp.Requests.Sent, fromCSharp.Features!.Embeddings);
                break;
        }
    }

    [Fact]
    public async Task A_throttled_invoke_through_the_context_is_recorded_with_its_attempts_and_thrown()
    {
        // A model with room for two requests a minute: the rest are throttled after the SDK's retries.
        var config = Path.Combine(LibraryRuns.NewFolder("config"), "scenarios.yaml");
        await File.WriteAllTextAsync(config, LibraryRuns.Yaml.Replace("tpm: 100000000, rpm: 100000", "tpm: 100000000, rpm: 2", StringComparison.Ordinal));
        var thrown = 0;
        var scenario = LoadScenario.Create("throttled", async ctx =>
            {
                try
                {
                    await ctx.Bedrock.InvokeModelAsync(ctx.ModelId, ctx.SyntheticAnthropicRequest());
                }
                catch (BedrockServiceException e) when (e.IsThrottle)
                {
                    Interlocked.Increment(ref thrown);
                    throw;
                }

                return StepResult.Ok();
            })
            .WithWorkload("chat")
            .WithLoad(Load.Inject(rpm: 300, during: TimeSpan.FromSeconds(1)));
        var summary = await LoadTestRunner.RunAsync(scenario, new RunOptions { ConfigFile = config, OutputDirectory = LibraryRuns.NewFolder("throttled") });

        Assert.True(thrown >= 2, $"{thrown} throttled calls");
        Assert.Equal(thrown, summary.Requests.Throttled);
        Assert.Equal(summary.Requests.Sent - thrown, summary.Requests.Succeeded);
        Assert.True(summary.Requests.ThrottledAttempts >= 3L * thrown, $"{summary.Requests.ThrottledAttempts} throttled attempts for {thrown} throttled calls of 3 attempts each");
    }
}
