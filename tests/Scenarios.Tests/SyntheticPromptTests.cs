using System.Text;
using System.Text.Json;
using LoadTest.Core.Models;
using LoadTest.Bedrock.Wire;
using LoadTest.Config;
using LoadTest.Scenarios.Engine;

namespace LoadTest.Scenarios.Tests;

public sealed class SyntheticPromptTests
{
    private static PlannedRequest Planned(int input, int output, int prefix = 0, ApiKind api = ApiKind.Converse)
        => new() { Id = 9, Workload = RequestPlannerTests.Workload("w", maxTokens: 2048, api: api, prefix: prefix), InputTokens = input, OutputTokens = output };

    [Theory]
    [InlineData(10)]
    [InlineData(1200)]
    [InlineData(30_000)]
    public void Converse_prompt_is_exactly_the_planned_tokens_and_steers_output_by_metadata(int input)
    {
        var r = new SyntheticPrompt().Converse(Planned(input, 321, prefix: 2000), TargetKind.Emulator);

        var text = r.Messages.Single().Content.Single().Text;
        Assert.Equal(input, TokenCounting.Count(text));
        Assert.Null(OutputSteering.FromText(text));
        Assert.Equal(321, OutputSteering.FromMetadata(r.RequestMetadata));
        Assert.Equal(2048, r.InferenceConfig!.MaxTokens);
        Assert.Equal(2000, TokenCounting.Count(r.System![0].Text));
        Assert.NotNull(r.System[1].CachePoint);
    }

    [Fact]
    public void A_workload_with_maxTokens_unset_sends_no_inferenceConfig_and_records_zero()
    {
        var planned = new PlannedRequest { Id = 9, Workload = RequestPlannerTests.Workload("w", maxTokens: null), InputTokens = 100, OutputTokens = 50 };
        var r = new SyntheticPrompt().Converse(planned, TargetKind.Emulator);

        Assert.Null(r.InferenceConfig);
        var json = JsonSerializer.Serialize(r, BedrockJsonContext.Default.ConverseRequest);
        Assert.DoesNotContain("maxTokens", json, StringComparison.Ordinal);
        Assert.DoesNotContain("inferenceConfig", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cached_prefix_is_identical_across_requests_of_a_workload()
    {
        var prompts = new SyntheticPrompt();
        var a = prompts.Converse(Planned(100, 10, prefix: 500) with { Id = 1 }, TargetKind.Emulator);
        var b = prompts.Converse(Planned(100, 10, prefix: 500) with { Id = 2 }, TargetKind.Emulator);

        Assert.Equal(a.System![0].Text, b.System![0].Text);
    }

    [Fact]
    public void Invoke_body_carries_the_marker_inside_the_planned_size()
    {
        var body = new SyntheticPrompt().InvokeBody(Planned(800, 200, prefix: 1000, api: ApiKind.Invoke), TargetKind.Emulator);
        var request = JsonSerializer.Deserialize(body, BedrockJsonContext.Default.AnthropicRequest)!;
        var blocks = request.Messages.Single().Content.Deserialize(BedrockJsonContext.Default.ListAnthropicContentBlock)!;
        var system = request.System!.Value.Deserialize(BedrockJsonContext.Default.ListAnthropicContentBlock)!;

        Assert.Equal(2048, request.MaxTokens);
        Assert.Equal(200, OutputSteering.FromText(blocks.Single().Text));
        Assert.Equal(800, TokenCounting.Count(blocks.Single().Text));
        Assert.NotNull(system.Single().CacheControl);
        Assert.Equal(1000, TokenCounting.Count(system.Single().Text));
        Assert.DoesNotContain("metadata", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Against_real_bedrock_the_prompt_asks_for_words_and_sends_no_emulator_steering()
    {
        var r = new SyntheticPrompt().Converse(Planned(500, 400), TargetKind.Bedrock);
        var text = r.Messages.Single().Content.Single().Text!;

        Assert.Null(r.RequestMetadata);
        Assert.Null(OutputSteering.FromText(text));
        Assert.Contains("about 300 words", text, StringComparison.Ordinal);
        Assert.Equal(500, TokenCounting.Count(text));
    }

    [Fact]
    public void A_session_turn_resends_the_conversation_unchanged_with_at_most_four_cache_points()
    {
        var workload = RequestPlannerTests.Workload("w", prefix: 300) with
        {
            Session = new SessionSpec { Turns = TokenDistribution.Constant(6) },
            Tools = new ToolsSpec { Count = 4, CallRate = 0, DefinitionTokens = 90 },
        };
        var turns = new RequestPlanner(new Dictionary<string, double> { ["w"] = 1 }, [workload], new Random(1)).NextSession();
        var prompts = new SyntheticPrompt();
        var sent = new List<string>();
        foreach (var turn in turns)
        {
            var r = prompts.Converse(turn, TargetKind.Emulator);
            var points = r.System!.Count(b => b.CachePoint is not null) + r.ToolConfig!.Tools!.Count(t => t.CachePoint is not null)
                + r.Messages.Sum(m => m.Content.Count(b => b.CachePoint is not null));
            Assert.Equal(turn.Turn == 1 ? 2 : 3, points);
            Assert.InRange(points, 1, 4);

            // Cache points go on the last two user messages only; the text before is what earlier turns sent.
            var users = r.Messages.Where(m => m.Role == "user").ToList();
            Assert.All(users.SkipLast(2), m => Assert.DoesNotContain(m.Content, b => b.CachePoint is not null));
            var texts = r.Messages.Select(m => string.Concat(m.Content.Select(b => b.Text))).ToList();
            Assert.Equal(sent, texts.Take(sent.Count));
            Assert.Equal(turn.InputTokens, TokenCounting.Count(texts[^1]));

            turn.Conversation!.Add(r.Messages[^1], SyntheticPrompt.Answer(turn, 25, [], [], null), []);
            sent = [.. texts, string.Concat(turn.Conversation.Messages[^1].Content.Select(b => b.Text))];
        }

        // Each tool definition is 90 tokens as the emulator counts it (name, description, schema apart).
        var tools = prompts.Converse(turns[0], TargetKind.Emulator).ToolConfig!.Tools!.Where(t => t.ToolSpec is not null).ToList();
        Assert.Equal(4, tools.Count);
        Assert.All(tools, t => Assert.Equal(90, TokenCounting.Count(t.ToolSpec!.Name) + TokenCounting.Count(t.ToolSpec.Description) + TokenCounting.Count(t.ToolSpec.InputSchema!.Json!.Value.GetRawText())));
    }

    [Fact]
    public void A_thinking_request_carries_the_switch_and_steers_its_thinking_tokens()
    {
        var budget = RequestPlannerTests.Workload("w", maxTokens: 4000) with { Thinking = new ThinkingSpec { BudgetTokens = 3000, Used = TokenDistribution.Constant(1200) } };
        var adaptive = budget with { Thinking = new ThinkingSpec { Adaptive = true, Used = TokenDistribution.Constant(700) } };

        var r = new SyntheticPrompt().Converse(new RequestPlanner(new Dictionary<string, double> { ["w"] = 1 }, [budget], new Random(1)).Next(), TargetKind.Emulator);
        var a = new SyntheticPrompt().Converse(new RequestPlanner(new Dictionary<string, double> { ["w"] = 1 }, [adaptive], new Random(1)).Next(), TargetKind.Emulator);

        var thinking = r.AdditionalModelRequestFields!.Value.GetProperty("thinking");
        Assert.Equal(("enabled", 3000), (thinking.GetProperty("type").GetString(), thinking.GetProperty("budget_tokens").GetInt32()));
        Assert.Equal(1200, OutputSteering.ThinkingFromMetadata(r.RequestMetadata));
        Assert.Equal("adaptive", a.AdditionalModelRequestFields!.Value.GetProperty("thinking").GetProperty("type").GetString());
        Assert.False(a.AdditionalModelRequestFields.Value.GetProperty("thinking").TryGetProperty("budget_tokens", out _));
        Assert.Equal(700, OutputSteering.ThinkingFromMetadata(a.RequestMetadata));
    }
}
