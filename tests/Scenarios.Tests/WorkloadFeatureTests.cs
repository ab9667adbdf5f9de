using System.Collections.Concurrent;
using LoadTest.Bedrock.Wire;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator;
using LoadTest.Results;
using LoadTest.Scenarios.Engine;
using Xunit.Abstractions;

namespace LoadTest.Scenarios.Tests;

/// <summary>
/// The engine's thinking, tools, sessions and embeddings through the real client against the
/// in-process emulator: what each request sent and what the emulator answered.
/// </summary>
public sealed class WorkloadFeatureTests(ITestOutputHelper output)
{
    private const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    private const string Sonnet46 = "global.anthropic.claude-sonnet-4-6";
    private const string Embed = "global.cohere.embed-v4:0";
    private const string Nova = "global.amazon.nova-2-lite-v1:0";

    private static WorkloadSpec Workload(string model = Haiku, ApiKind api = ApiKind.Converse, int input = 400, int output = 50, int? maxTokens = 4096, int prefix = 0) => new()
    {
        Name = "w",
        Model = model,
        Api = api,
        InputTokens = TokenDistribution.Constant(input),
        OutputTokens = TokenDistribution.Constant(output),
        MaxTokens = maxTokens,
        CachedPrefixTokens = prefix,
    };

    private static SessionSpec Session(int turns, bool cachePoints, TimeSpan thinkTime = default)
        => new() { Turns = TokenDistribution.Constant(turns), CachePoints = cachePoints, ThinkTime = thinkTime };

    private static Task<EmulatorServer> EmulatorAsync(double latencyScale = 0, IReadOnlyList<ModelSpec>? models = null)
        => EmulatorServer.StartAsync(new EmulatorOptions
        {
            Models = models ?? ModelCatalog.BuiltIn,
            LatencyScale = latencyScale,
            Jitter = 0,
            EnforceQuotas = false,
            Http2Port = null,
        });

    private static RequestPlanner Planner(WorkloadSpec workload, int seed = 7)
        => new(new Dictionary<string, double> { [workload.Name] = 1 }, [workload], new Random(seed));

    /// <summary>Sends a session's turns one after another, as the engine does, and returns each turn's result.</summary>
    private static async Task<List<SendResult>> SendSessionAsync(IRequestSender sender, IReadOnlyList<PlannedRequest> turns)
    {
        var results = new List<SendResult>();
        foreach (var turn in turns)
        {
            var result = await sender.SendAsync(turn, CancellationToken.None);
            results.Add(result);
            Assert.True(result.Outcome == Outcomes.Ok, $"turn {turn.Turn}: {result.Outcome} {result.ErrorCode}");
        }

        return results;
    }

    [Fact]
    public async Task Five_turn_sessions_with_cache_points_cost_less_quota_by_the_hand_computed_cache_reads()
    {
        // One session of 5 turns: a 1,000-token system prompt, 400 new user tokens and a 50-token
        // answer per turn, Claude Haiku 4.5 (output burns down x5). Each run gets its own emulator.
        const int P = 1000, U = 400, A = 50, Burndown = 5;
        async Task<(List<RequestRecord> Rows, List<(PlannedRequest Planned, SendResult Result)> Sent)> RunAsync(bool cachePoints)
        {
            await using var emulator = await EmulatorAsync();
            var workload = Workload(input: U, output: A, prefix: P) with { Session = Session(5, cachePoints) };

            // Two arrivals a minute for 5 s: one arrival at 0, so one session.
            var run = EngineFixture.Run([new ConstantPhase(2, TimeSpan.FromSeconds(5))], workloads: [workload], target: new TargetSettings { Endpoint = emulator.Http1Url, Timeout = TimeSpan.FromSeconds(30) });
            using var pool = new BedrockClientPool();
            var sender = new RecordingSender(new BedrockRequestSender(pool.For(run.Scenario.Target), TargetKind.Emulator, models: run.Models));
            var dir = EngineFixture.Output();
            await new LoadEngine(sender).RunAsync(run, dir);
            return (RequestsCsv.Read(dir.Requests).ToList(), sender.Sent.OrderBy(s => s.Planned.Turn).ToList());
        }

        var (cachedRows, cached) = await RunAsync(cachePoints: true);
        var (plainRows, plain) = await RunAsync(cachePoints: false);

        // By hand. Turn k (1-based) resends the system prompt and k-1 earlier turns of U + A, then its own U.
        // Without cache points all of it is input:
        //   sum over k of P + (k-1)(U+A) + U = 5P + 5U + (0+1+2+3+4)(U+A) = 5,000 + 2,000 + 10 x 450 = 11,500.
        // With them, turn 1 writes P + U = 1,400; turn k > 1 reads what turn k-1 wrote, P + (k-2)(U+A) + U
        // (1,400, 1,850, 2,300, 2,750), and writes the previous answer and its own turn, A + U = 450.
        int[] expectedRead = [0, 1400, 1850, 2300, 2750];
        int[] expectedWrite = [1400, 450, 450, 450, 450];
        int[] expectedPlainInput = [1400, 1850, 2300, 2750, 3200];
        const long answers = 5 * A * Burndown;                          // 1,250 with or without cache points
        const long plainQuota = 11_500 + answers;                        // 12,750
        const long cachedQuota = (1400 + (4 * 450)) + answers;           // 3,200 written + 1,250 = 4,450
        const long saving = 1400 + 1850 + 2300 + 2750;                   // 8,300: the cache reads, free of quota

        Assert.Equal([1, 2, 3, 4, 5], cached.Select(s => s.Planned.Turn));
        Assert.Equal([1, 2, 3, 4, 5], plain.Select(s => s.Planned.Turn));
        Assert.All(cached.Concat(plain), s => Assert.Equal((Outcomes.Ok, A), (s.Result.Outcome, s.Result.OutputTokens)));
        Assert.Equal(expectedRead, cached.Select(s => s.Result.CacheReadTokens));
        Assert.Equal(expectedWrite, cached.Select(s => s.Result.CacheWriteTokens));
        Assert.All(cached, s => Assert.Equal(0, s.Result.InputTokens));
        Assert.Equal(expectedPlainInput, plain.Select(s => s.Result.InputTokens));
        Assert.All(plain, s => Assert.Equal((0, 0), (s.Result.CacheReadTokens, s.Result.CacheWriteTokens)));

        static long Quota(IEnumerable<SendResult> results) => results.Sum(r => r.InputTokens + r.CacheWriteTokens + (r.OutputTokens * (long)Burndown));
        var withPoints = Quota(cached.Select(s => s.Result));
        var without = Quota(plain.Select(s => s.Result));
        output.WriteLine($"quota per session: {without} without cache points, {withPoints} with; saved {without - withPoints}");
        Assert.Equal(cachedQuota, withPoints);
        Assert.Equal(plainQuota, without);
        Assert.Equal(saving, without - withPoints);

        // The per-request rows say the same.
        Assert.Equal(cachedQuota, cachedRows.Sum(r => r.QuotaTokens));
        Assert.Equal(plainQuota, plainRows.Sum(r => r.QuotaTokens));
        Assert.Equal(5, cachedRows.Count);
    }

    [Fact]
    public async Task Thinking_counts_in_output_tokens_and_delays_the_first_visible_token_of_a_stream()
    {
        // 2,000 output tokens a second: 600 thinking tokens take 300 ms before the answer's first text.
        var fast = ModelCatalog.Find(Haiku)! with { OutputTokensPerSecond = 2000, Ttft = TimeSpan.FromMilliseconds(20), PrefillPer1kTokens = TimeSpan.Zero };
        await using var target = await EmulatorTarget.StartAsync(latencyScale: 1, models: [fast]);
        var sender = target.Sender;
        var thinking = new ThinkingSpec { BudgetTokens = 2000, Used = TokenDistribution.Constant(600) };

        foreach (var api in new[] { ApiKind.ConverseStream, ApiKind.InvokeStream, ApiKind.Converse, ApiKind.Invoke })
        {
            var planned = Planner(Workload(api: api, output: 80) with { Thinking = thinking }).Next();
            var r = await sender.SendAsync(planned, CancellationToken.None);
            output.WriteLine($"{api}: output {r.OutputTokens}, thinking {r.ThinkingTokens}, first token {r.FirstToken?.TotalMilliseconds:0} ms, first visible {r.FirstVisibleToken?.TotalMilliseconds:0} ms, stop {r.StopReason}");

            Assert.Equal((600, 80), (planned.ThinkingTokens, planned.OutputTokens));
            Assert.Equal(Outcomes.Ok, r.Outcome);
            Assert.Equal(600 + 80, r.OutputTokens);
            Assert.Equal(600, r.ThinkingTokens);
            Assert.Equal("end_turn", r.StopReason);
            if (api is ApiKind.ConverseStream or ApiKind.InvokeStream)
            {
                Assert.True(r.FirstVisibleToken - r.FirstToken >= TimeSpan.FromMilliseconds(250), $"{api}: the first visible token came {r.FirstVisibleToken - r.FirstToken} after the first token");
            }
            else
            {
                Assert.Equal(r.FirstToken, r.FirstVisibleToken);
            }
        }
    }

    [Fact]
    public async Task Adaptive_thinking_is_steered_to_the_planned_tokens_and_capped_by_max_tokens()
    {
        await using var target = await EmulatorTarget.StartAsync();
        var sender = target.Sender;
        var adaptive = new ThinkingSpec { Adaptive = true, Used = TokenDistribution.Constant(900) };

        var planned = Planner(Workload(model: Sonnet46, output: 300, maxTokens: 1000) with { Thinking = adaptive }).Next();
        var r = await sender.SendAsync(planned, CancellationToken.None);

        // 900 thinking leave 100 of maxTokens 1,000 for the visible answer.
        Assert.Equal((900, 100), (planned.ThinkingTokens, planned.OutputTokens));
        Assert.Equal((Outcomes.Ok, 1000, 900), (r.Outcome, r.OutputTokens, r.ThinkingTokens));
    }

    [Theory]
    [InlineData(ApiKind.Converse)]
    [InlineData(ApiKind.ConverseStream)]
    [InlineData(ApiKind.Invoke)]
    [InlineData(ApiKind.InvokeStream)]
    public async Task A_tool_call_is_answered_with_its_tool_result_in_the_next_turn(ApiKind api)
    {
        await using var target = await EmulatorTarget.StartAsync();
        var sender = target.Sender;
        var tools = new ToolsSpec { Count = 3, CallRate = 1, DefinitionTokens = 120, ResultTokens = TokenDistribution.Constant(250) };
        var workload = Workload(api: api, input: 300, output: 40) with { Tools = tools, Session = Session(3, cachePoints: false) };

        var turns = Planner(workload).NextSession();
        var results = await SendSessionAsync(sender, turns);

        // Every turn asks for a call, so every answer is one, and each next turn answers it.
        Assert.All(turns, t => Assert.True(t.CallsTool));
        Assert.All(results, r => Assert.Equal(("tool_use", 1), (r.StopReason, r.ToolCalls)));

        // Turn 1: three definitions of 120 tokens and the 300-token question. Turn 2 adds the first
        // call (its name and input as the emulator counts them) and the 250-token result.
        Assert.Equal((3 * 120) + 300, results[0].InputTokens);
        var conversation = turns[0].Conversation!;
        Assert.Equal(6, conversation.Messages.Count);
        var call = conversation.Messages[1].Content.Single(b => b.ToolUse is not null).ToolUse!;
        var result = conversation.Messages[2].Content.Single().ToolResult!;
        Assert.Equal(call.ToolUseId, result.ToolUseId);
        Assert.Equal(250, TokenCounting.Count(result.Content!.Single().Text));
        // The answer is the steered 40 output tokens: visible text, then the call's input JSON.
        var callInput = TokenCounting.Count(call.Input!.Value.GetRawText());
        var answerText = TokenCounting.Count(conversation.Messages[1].Content.Single(b => b.Text is not null).Text);
        Assert.Equal(40 - callInput, answerText);
        Assert.Equal(results[0].InputTokens + answerText + TokenCounting.Count(call.Name) + callInput + 250, results[1].InputTokens);
    }

    [Theory]
    [InlineData(ApiKind.Converse)]
    [InlineData(ApiKind.ConverseStream)]
    [InlineData(ApiKind.Invoke)]
    [InlineData(ApiKind.InvokeStream)]
    public async Task Each_turn_after_a_tool_call_sends_back_the_signed_thinking_block_that_came_with_the_call(ApiKind api)
    {
        // The emulator refuses a turn answering a tool call without the thinking block, or with one whose
        // text or signature changed, as Claude on Bedrock does: four turns that all succeed carried it.
        await using var target = await EmulatorTarget.StartAsync();
        var tools = new ToolsSpec { Count = 2, CallRate = 1, DefinitionTokens = 100, ResultTokens = TokenDistribution.Constant(150) };
        var thinking = new ThinkingSpec { BudgetTokens = 2048, Used = TokenDistribution.Constant(300) };
        var workload = Workload(api: api, input: 200, output: 40) with { Thinking = thinking, Tools = tools, Session = Session(4, cachePoints: true) };

        var turns = Planner(workload).NextSession();
        var results = await SendSessionAsync(target.Sender, turns);

        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal((Outcomes.Ok, "tool_use", 300), (r.Outcome, r.StopReason, r.ThinkingTokens)));
        var answers = turns[0].Conversation!.Messages.Where(m => m.Role == "assistant").ToList();
        Assert.Equal(4, answers.Count);
        Assert.All(answers, a =>
        {
            // The thinking block first, its text whole (300 tokens) and signed, then the call.
            var reasoning = a.Content[0].ReasoningContent?.ReasoningText;
            Assert.NotNull(reasoning);
            Assert.Equal(300, TokenCounting.Count(reasoning.Text));
            Assert.False(string.IsNullOrEmpty(reasoning.Signature));
            Assert.NotNull(a.Content[^1].ToolUse);
        });
        Assert.Equal(4, answers.Select(a => a.Content[0].ReasoningContent!.ReasoningText!.Signature).Distinct().Count());

        // The carried thinking of the last answer is input to the next turn, as Claude counts it.
        Assert.All(results.Skip(1), r => Assert.True(r.CacheReadTokens > 0, $"{api}: a later turn read no cache"));
    }

    [Theory]
    [InlineData(ApiKind.Converse)]
    [InlineData(ApiKind.ConverseStream)]
    public async Task Each_turn_of_a_thinking_tool_session_reads_and_writes_what_the_planners_session_rule_says(ApiKind api)
    {
        // Half the answers call a tool, so a session mixes tool exchanges and questions. A seed whose
        // 6-turn session has two tool results in a row and then a question covers every case of the rule.
        var tools = new ToolsSpec { Count = 2, CallRate = 0.5, DefinitionTokens = 100, ResultTokens = TokenDistribution.Constant(150) };
        var thinking = new ThinkingSpec { BudgetTokens = 2048, Used = TokenDistribution.Constant(300) };
        var workload = Workload(api: api, input: 200, output: 40) with { Thinking = thinking, Tools = tools, Session = Session(6, cachePoints: true) };
        static bool[] ToolResultTurns(IReadOnlyList<PlannedRequest> turns) => [false, .. turns.Take(turns.Count - 1).Select(t => t.CallsTool)];
        var seed = Enumerable.Range(1, 500).First(s =>
        {
            var kinds = string.Concat(ToolResultTurns(Planner(workload, s).NextSession()).Select(r => r ? 'r' : 'q'));
            return kinds.Contains("rrq", StringComparison.Ordinal);
        });
        var turns = Planner(workload, seed).NextSession();
        var toolResults = ToolResultTurns(turns);
        output.WriteLine($"seed {seed}: {string.Concat(toolResults.Select(r => r ? 'r' : 'q'))}");

        await using var target = await EmulatorTarget.StartAsync();
        var results = await SendSessionAsync(target.Sender, turns);

        // The rule driven by the conversation as it went over the wire, counted block by block as the
        // emulator counts (a tool call is its name and input JSON; thinking is counted apart).
        var messages = turns[0].Conversation!.Messages;
        Assert.Equal(12, messages.Count);
        static long Visible(Message m) => m.Content.Sum(b => (long)TokenCounting.Count(b.Text)
            + TokenCounting.Count(b.ToolUse?.Name) + TokenCounting.Count(b.ToolUse?.Input?.GetRawText())
            + (b.ToolResult?.Content?.Sum(c => TokenCounting.Count(c.Text)) ?? 0));
        static long Thought(Message m) => m.Content.Sum(b => (long)TokenCounting.Count(b.ReasoningContent?.ReasoningText?.Text));
        var session = new SessionTokens.Session(tools.Count * tools.DefinitionTokens, cachePoints: true, prefixCached: false);
        for (var k = 0; k < turns.Count; k++)
        {
            var expected = session.Next(Visible(messages[2 * k]), toolResults[k]);
            session.Answered(Visible(messages[(2 * k) + 1]), Thought(messages[(2 * k) + 1]));
            Assert.Equal(300, Thought(messages[(2 * k) + 1]));
            Assert.True(expected == new InputSplit(results[k].InputTokens, results[k].CacheReadTokens, results[k].CacheWriteTokens),
                $"turn {k + 1} ({(toolResults[k] ? "tool result" : "question")}): planned {expected}, emulator read {results[k].CacheReadTokens} wrote {results[k].CacheWriteTokens} input {results[k].InputTokens}");
        }
    }

    [Fact]
    public async Task An_embedding_request_sends_the_planned_texts_and_counts_their_vectors()
    {
        await using var target = await EmulatorTarget.StartAsync();
        var sender = target.Sender;
        var workload = Workload(model: Embed, api: ApiKind.Embed, input: 120, maxTokens: null) with { Texts = TokenDistribution.Constant(7) };

        var planned = Planner(workload).Next();
        var r = await sender.SendAsync(planned, CancellationToken.None);

        Assert.Equal((7, 7 * 120, 0), (planned.Texts, planned.InputTokens, planned.MaxTokens));
        Assert.Equal((Outcomes.Ok, 7, 7 * 120, 0), (r.Outcome, r.Embeddings, r.InputTokens, r.OutputTokens));
    }

    [Fact]
    public void Texts_drawn_above_the_models_limit_are_capped_at_it()
    {
        // A p95 of 96 puts about one draw in twenty above 96: each is sent as 96, never refused.
        var workload = Workload(model: Embed, api: ApiKind.Embed, input: 10, maxTokens: null) with { Texts = TokenDistribution.Lognormal(40, 96), MaxTexts = 96 };
        var planner = Planner(workload);

        var texts = Enumerable.Range(0, 2000).Select(_ => planner.Next().Texts).ToList();

        Assert.Equal(96, texts.Max());
        Assert.InRange(texts.Count(t => t == 96), 40, 200);
    }

    [Fact]
    public async Task An_embedding_workload_runs_through_the_engine_with_input_only_rows()
    {
        await using var emulator = await EmulatorAsync();
        var workload = Workload(model: Embed, api: ApiKind.Embed, input: 50, maxTokens: null) with { Texts = TokenDistribution.Constant(4) };
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(1))], workloads: [workload], target: new TargetSettings { Endpoint = emulator.Http1Url });
        using var pool = new BedrockClientPool();
        var dir = EngineFixture.Output();

        await new LoadEngine(new BedrockRequestSender(pool.For(run.Scenario.Target), TargetKind.Emulator, models: run.Models)).RunAsync(run, dir);

        var rows = RequestsCsv.Read(dir.Requests).ToList();
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.Equal(("embed", Outcomes.Ok, 200, 0, 200L, 0), (r.Api, r.Outcome, r.InputTokens, r.OutputTokens, r.QuotaTokens, r.MaxTokens)));
    }

    [Fact]
    public async Task Nova_requests_go_in_novas_own_body_and_are_steered_to_the_planned_output()
    {
        await using var target = await EmulatorTarget.StartAsync();
        foreach (var api in new[] { ApiKind.Invoke, ApiKind.InvokeStream, ApiKind.Converse, ApiKind.ConverseStream })
        {
            var r = await target.Sender.SendAsync(Planner(Workload(model: Nova, api: api, input: 500, output: 70)).Next(), CancellationToken.None);

            Assert.True((Outcomes.Ok, 500, 70) == (r.Outcome, r.InputTokens, r.OutputTokens), $"{api}: {r.Outcome} {r.ErrorCode}, {r.InputTokens} in, {r.OutputTokens} out");
        }
    }

    [Fact]
    public async Task Every_turn_of_a_nova_invoke_session_gets_its_own_planned_output()
    {
        // Nova's body has no metadata: each turn is steered by the marker in its own text, while the
        // earlier turns' markers ride along in the conversation.
        await using var target = await EmulatorTarget.StartAsync();
        var sender = target.Sender;
        var workload = Workload(model: Nova, api: ApiKind.Invoke) with { OutputTokens = TokenDistribution.Lognormal(60, 200), Session = Session(4, cachePoints: true) };

        var turns = Planner(workload, seed: 5).NextSession();
        var results = await SendSessionAsync(sender, turns);

        Assert.True(turns.Select(t => t.OutputTokens).Distinct().Count() > 1, "the planned outputs differ from turn to turn");
        Assert.Equal(turns.Select(t => t.OutputTokens), results.Select(r => r.OutputTokens));
        Assert.All(results.Skip(1), r => Assert.True(r.CacheReadTokens > 0));
    }

    [Theory]
    [InlineData("converse")]
    [InlineData("converse-stream")]
    [InlineData("invoke")]
    [InlineData("invoke-stream")]
    public async Task An_agentic_workload_from_scenarios_yaml_runs_sessions_with_tools_thinking_and_cache_reads(string api)
    {
        var yaml = $$"""
            target: { kind: emulator, region: us-east-1, timeout: 30s }
            emulator: { latencyScale: 0, enforceQuotas: false }
            workloads:
              - name: agent
                model: global.anthropic.claude-haiku-4-5-20251001-v1:0
                api: {{api}}
                inputTokens: 300
                outputTokens: 60
                maxTokens: 4000
                cachedPrefixTokens: 800
                thinking: { budgetTokens: 2048, used: 500 }
                tools: { count: 4, callRate: 0.5, resultTokens: 200 }
                turns: 4
            scenarios:
              - name: t
                load:
                  - constant: { rpm: 120, during: 3s }
            """;
        var config = ScenarioConfigLoader.Parse(yaml, "agent.yaml");
        await using var emulator = await EmulatorServer.StartAsync(EmulatorConfig.FromConfig(config) with { Http2Port = null });
        var run = LoadRunFactory.Create(config, new RunOverrides { Endpoint = emulator.Http1Url, Seed = 3 });
        using var pool = new BedrockClientPool();
        var dir = EngineFixture.Output();
        var sender = new RecordingSender(new BedrockRequestSender(pool.For(run.Scenario.Target), TargetKind.Emulator, models: run.Models));

        await new LoadEngine(sender).RunAsync(run, dir);

        // 6 arrivals, each a session of 4 turns; every answer thinks 500 tokens, about half call a tool.
        var rows = RequestsCsv.Read(dir.Requests).ToList();
        var sessions = rows.GroupBy(r => r.SessionId).ToList();
        output.WriteLine($"{rows.Count} turns in {sessions.Count} sessions; tool calls {rows.Sum(r => r.ToolCalls)}; cache read {rows.Sum(r => r.CacheReadTokens)}");
        Assert.Equal(6, sessions.Count);
        Assert.All(sessions, g => Assert.Equal([1, 2, 3, 4], g.Select(r => r.Turn).Order()));
        Assert.All(rows, r => Assert.Equal((Outcomes.Ok, 500), (r.Outcome, r.ThinkingTokens)));
        Assert.InRange(rows.Sum(r => r.ToolCalls), 4, 20);
        Assert.All(rows.Where(r => r.Turn > 1), r => Assert.True(r.CacheReadTokens > 800, $"turn {r.Turn} read {r.CacheReadTokens}"));

        // Every turn after a tool call sent the call's signed thinking back (the emulator refuses it
        // otherwise: no validation errors); the thinking never reaches a result file.
        Assert.DoesNotContain(rows, r => r.Outcome == Outcomes.Validation);
        var carried = sender.Sent.SelectMany(s => s.Planned.Conversation?.Messages ?? [])
            .SelectMany(m => m.Content).Select(b => b.ReasoningContent?.ReasoningText).OfType<LoadTest.Bedrock.Wire.ReasoningTextBlock>().ToList();
        Assert.NotEmpty(carried);
        var secrets = carried.SelectMany(t => new[] { t.Signature!, t.Text![..64] }).Distinct().ToList();
        foreach (var file in Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(secrets, s => text.Contains(s, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Open_model_sessions_stop_at_the_runs_end_and_their_later_turns_are_not_arrivals()
    {
        // 60 arrivals a minute for 3 s: 3 sessions of 10 turns 1 s apart; none can finish.
        var workload = Workload(input: 100, output: 10) with { Session = Session(10, cachePoints: true, thinkTime: TimeSpan.FromSeconds(1)) };
        var run = EngineFixture.Run([new ConstantPhase(60, TimeSpan.FromSeconds(3))], workloads: [workload]);
        var sender = new FakeSender(TimeSpan.FromMilliseconds(50));
        var dir = EngineFixture.Output();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var summary = await new LoadEngine(sender).RunAsync(run, dir);

        var rows = RequestsCsv.Read(dir.Requests).ToList();
        output.WriteLine($"{rows.Count} requests in {clock.ElapsedMilliseconds} ms; offered {summary.Requests.Scheduled}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"the run took {clock.Elapsed}");
        Assert.All(rows, r => Assert.True(r.StartedMs < 3000, $"request {r.Id} started at {r.StartedMs} ms"));

        // Sessions at 0, 1 and 2 s send turns at about 0, 1.05, 2.1 s...: 3 + 2 + 1 before the end.
        Assert.InRange(rows.Count, 5, 6);
        Assert.All(rows, r => Assert.Equal(Outcomes.Ok, r.Outcome));
    }

    [Fact]
    public async Task A_closed_model_user_runs_sessions_back_to_back_within_the_phase()
    {
        var workload = Workload(input: 100, output: 10) with { Session = Session(4, cachePoints: false, thinkTime: TimeSpan.FromMilliseconds(100)) };
        var run = EngineFixture.Run([new ConcurrencyPhase(2, TimeSpan.FromSeconds(2))], workloads: [workload]);
        var sender = new RecordingSender(new FakeSender(TimeSpan.FromMilliseconds(20)));

        await new LoadEngine(sender).RunAsync(run, EngineFixture.Output());

        // Each of 2 users: a session is 4 x 20 ms + 3 x 100 ms = 380 ms, so about 5 sessions in 2 s.
        var sessions = sender.Sent.GroupBy(s => s.Planned.SessionId).ToList();
        output.WriteLine($"{sessions.Count} sessions, {sender.Sent.Count} turns");
        foreach (var g in sessions)
        {
            output.WriteLine($"session {g.Key}: turns {string.Join(",", g.Select(s => s.Planned.Turn))} outcomes {string.Join(",", g.Select(s => s.Result.Outcome))}");
        }

        Assert.InRange(sessions.Count, 6, 12);
        Assert.All(sessions, g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(s => s.Planned.Turn).Order()));
        Assert.True(sessions.Count(g => g.Count() == 4) >= 6);
    }

    [Fact]
    public void The_same_seed_gives_the_same_sessions_turn_for_turn()
    {
        var workload = Workload() with
        {
            Session = new SessionSpec { Turns = TokenDistribution.Lognormal(4, 12) },
            InputTokens = TokenDistribution.Lognormal(300, 900),
            Tools = new ToolsSpec { Count = 2, CallRate = 0.4 },
            Thinking = new ThinkingSpec { BudgetTokens = 2048, Used = TokenDistribution.Lognormal(800, 3000) },
        };

        static List<(long?, int, int, int, int, int, bool, int)> Plan(WorkloadSpec w, int seed)
        {
            var planner = new RequestPlanner(new Dictionary<string, double> { ["w"] = 1 }, [w], new Random(seed));
            return Enumerable.Range(0, 50).SelectMany(_ => planner.NextSession())
                .Select(p => (p.SessionId, p.Turn, p.SessionTurns, p.InputTokens, p.OutputTokens, p.ThinkingTokens, p.CallsTool, p.ToolResultTokens)).ToList();
        }

        var first = Plan(workload, 21);
        Assert.Equal(first, Plan(workload, 21));
        Assert.NotEqual(first, Plan(workload, 22));
        Assert.True(first.Select(p => p.Item3).Distinct().Count() > 3, "turn counts vary");
        Assert.All(first, p => Assert.InRange(p.Item6, 1, 2048));
        Assert.InRange(first.Count(p => p.Item7) / (double)first.Count, 0.25, 0.55);
    }

    [Fact]
    public void Single_turn_workloads_draw_exactly_what_they_always_drew()
    {
        var workload = Workload(maxTokens: 256) with { InputTokens = TokenDistribution.Lognormal(300, 900), OutputTokens = TokenDistribution.Lognormal(150, 600) };
        var planner = Planner(workload, seed: 3);
        var reference = new Random(3);

        for (var i = 1; i <= 50; i++)
        {
            // The planner before sessions: the workload's uniform draw, then input, then output capped by maxTokens.
            reference.NextDouble();
            var input = workload.InputTokens.Sample(reference);
            var capped = Math.Min(workload.OutputTokens.Sample(reference), 256);

            var r = planner.Next();
            Assert.Equal(((long)i, input, capped, (long?)null, 1, 0), (r.Id, r.InputTokens, r.OutputTokens, r.SessionId, r.SessionTurns, r.ThinkingTokens));
            Assert.Null(r.Conversation);
        }
    }

    /// <summary>An in-process emulator (quotas off) and the engine's sender to it, through the real client.</summary>
    private sealed class EmulatorTarget : IAsyncDisposable
    {
        private readonly EmulatorServer _emulator;
        private readonly BedrockClientPool _pool = new();

        private EmulatorTarget(EmulatorServer emulator, IReadOnlyList<ModelSpec> models)
        {
            _emulator = emulator;
            Sender = new BedrockRequestSender(_pool.For(new TargetSettings { Endpoint = emulator.Http1Url }), TargetKind.Emulator, models: models);
        }

        public BedrockRequestSender Sender { get; }

        public static async Task<EmulatorTarget> StartAsync(double latencyScale = 0, IEnumerable<ModelSpec>? models = null)
        {
            var merged = models is null ? ModelCatalog.BuiltIn : ModelCatalog.Merge(models);
            return new EmulatorTarget(await EmulatorAsync(latencyScale, merged), merged);
        }

        public async ValueTask DisposeAsync()
        {
            _pool.Dispose();
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>Passes requests on and keeps each with its result.</summary>
    private sealed class RecordingSender(IRequestSender inner) : IRequestSender
    {
        private readonly ConcurrentQueue<(PlannedRequest, SendResult)> _sent = new();

        public List<(PlannedRequest Planned, SendResult Result)> Sent => [.. _sent];

        public async Task<SendResult> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
        {
            var result = await inner.SendAsync(request, cancellationToken);
            _sent.Enqueue((request, result));
            return result;
        }
    }
}
