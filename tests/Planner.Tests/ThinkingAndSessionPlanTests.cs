using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Mix;
using LoadTest.Planner.Output;
using LoadTest.Planner.Requirements;
using LoadTest.Planner.Simulation;
using Xunit.Abstractions;

namespace LoadTest.Planner.Tests;

/// <summary>
/// Thinking and sessions in the plan of declared workloads, against arithmetic done by hand here:
/// thinking tokens are output tokens (burndown 5 on Sonnet 4.5) and count inside maxTokens, so the
/// reservation grows with the budget; a session's turns resend the conversation, and cache points
/// turn most of it into free cache reads.
/// </summary>
public sealed class ThinkingAndSessionPlanTests(ITestOutputHelper output)
{
    private const string Sonnet45 = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"; // burndown 5, 64,000 max output
    private const long Tpm = 2_000_000;

    private static readonly PlanSettings NoCurves = new() { SkipCurves = true };

    private static readonly ThinkingSpec Budget4000Used2000 = new() { BudgetTokens = 4_000, Used = TokenDistribution.Constant(2_000) };

    /// <summary>500 input tokens and a 300-token answer; with thinking, maxTokens must leave room for the budget.</summary>
    private static WorkloadSpec Chat(ThinkingSpec? thinking, int? maxTokens) => new()
    {
        Name = thinking is null ? "chat" : "chat-thinking",
        Model = Sonnet45,
        InputTokens = TokenDistribution.Constant(500),
        OutputTokens = TokenDistribution.Constant(300),
        MaxTokens = maxTokens,
        Thinking = thinking,
    };

    /// <summary>
    /// An agent: a 1,000-token system prompt and 2 tools of 150 tokens (prefix 1,300), 200 user tokens
    /// on the first turn, a 100-token answer, 5 turns; every answer calls a tool (call rate 1), so each
    /// later turn sends the 100-token tool result instead of new user text, as the engine does.
    /// </summary>
    private static WorkloadSpec Agent(bool cachePoints, TokenDistribution? turns = null) => new()
    {
        Name = cachePoints ? "agent-cached" : "agent-uncached",
        Model = Sonnet45,
        InputTokens = TokenDistribution.Constant(200),
        OutputTokens = TokenDistribution.Constant(100),
        CachedPrefixTokens = 1_000,
        Tools = new ToolsSpec { Count = 2, CallRate = 1, DefinitionTokens = 150, ResultTokens = TokenDistribution.Constant(100) },
        Session = new SessionSpec { Turns = turns ?? TokenDistribution.Constant(5), CachePoints = cachePoints },
    };

    private static ModelPlan Plan(WorkloadSpec workload, double arrivalsPerMinute, PlanSettings? settings = null)
        => Assert.Single(PlanBuilder.FromWorkloads([new DeclaredWorkload(workload, arrivalsPerMinute)], settings ?? NoCurves, null, new QuotaOverrides(Tpm: Tpm)).Models);

    [Fact]
    public void Thinking_with_budget_4000_using_2000_costs_10000_more_quota_tokens_a_request_and_reserves_its_larger_maxTokens()
    {
        var without = Plan(Chat(null, 1_024), 100);
        var with = Plan(Chat(Budget4000Used2000, 4_300), 100);

        // Consumption: without thinking 500 + 300 x 5 = 2,000; with 500 + (300 + 2,000) x 5 = 12,000.
        Assert.Equal(2_000, without.PerRequest.QuotaTokens);
        Assert.Equal(12_000, with.PerRequest.QuotaTokens);
        Assert.Equal(2_000, with.PerRequest.ThinkingTokens);
        Assert.Equal(2_300, with.PerRequest.OutputTokens);

        // Reservation (AWS's rule, maxTokens without burndown): 500 + 1,024 = 1,524 vs 500 + 4,300 = 4,800;
        // on 2,000,000 TPM that is 1,312 vs 416 requests held at once.
        Assert.Equal(1_524, without.Reservation.ReservedTokensPerRequest);
        Assert.Equal(4_800, with.Reservation.ReservedTokensPerRequest);
        Assert.Equal(2_000_000 / 1_524, without.Reservation.InFlightCapacity);
        Assert.Equal(2_000_000 / 4_800, with.Reservation.InFlightCapacity);

        // At 100 RPM: 200,000 vs 1,200,000 TPM. Thinking adds 2,000 x 5 = 10,000 quota tokens a request,
        // 1,000,000 TPM, 10,000 / 12,000 = 83.3 % of the TPM.
        Assert.Equal(200_000, without.Required.Tpm);
        Assert.Equal(1_200_000, with.Required.Tpm);
        output.WriteLine(PlanText.Render(PlanBuilder.FromWorkloads([new DeclaredWorkload(Chat(Budget4000Used2000, 4_300), 100)], NoCurves, null, new QuotaOverrides(Tpm: Tpm))));
        Assert.Null(without.Thinking);
        var t = Assert.IsType<ThinkingEffect>(with.Thinking);
        Assert.Equal(2_000, t.ThinkingTokensPerRequest);
        Assert.Equal(10_000, t.QuotaTokensPerRequest);
        Assert.Equal(200_000, t.TpmWithoutThinking);
        Assert.Equal(1_000_000, t.ExtraTpm);
        Assert.Equal(10_000.0 / 12_000, t.ShareOfTpm, 9);
    }

    [Fact]
    public void With_thinking_the_quota_admits_a_correspondingly_lower_sustained_rate()
    {
        // The simulation draws each workload's own request shapes; no retries, no RPM quota, 2,000,000
        // TPM, 3,000 requests a minute offered for an hour: far above both sustainable rates
        // (2,000,000 / 2,000 = 1,000 and 2,000,000 / 12,000 = 167 a minute), so what is admitted is
        // what the quota sustains, and the two rates differ by the cost ratio 12,000 / 2,000 = 6.
        var settings = new SimulationSettings { Retry = new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.None, MaxAttempts: 1), Seed = 3 };
        var spec = ModelCatalog.Find(Sonnet45)!;
        CurvePoint Admitted(WorkloadSpec w)
        {
            var tokens = WorkloadTokens.Expect(w, spec, ReservationPolicy.Default, seed: 1);
            var sim = new ThrottleSimulator(QuotaLimits.Of(Tpm, null, 1_000_000_000_000), spec.Burndown, tokens.Shapes, 5, settings);
            return sim.Simulate(offeredRpm: 3_000, multiplier: 1, episodeSeconds: 3_600, requests: 180_000);
        }

        var without = Admitted(Chat(null, 1_024));
        var with = Admitted(Chat(Budget4000Used2000, 4_300));
        var ratio = without.AcceptedRpm / with.AcceptedRpm;
        output.WriteLine($"admitted {without.AcceptedRpm:0.0} vs {with.AcceptedRpm:0.0} requests a minute, ratio {ratio:0.000}; quota TPM {without.AcceptedQuotaTpm:N0} vs {with.AcceptedQuotaTpm:N0}");
        Assert.True(Math.Abs(ratio - (12_000.0 / 2_000)) < 6 * 0.02, $"admitted {without.AcceptedRpm:0.0} vs {with.AcceptedRpm:0.0} a minute: ratio {ratio:0.000}, expected 6 within 2 %");

        // Both use the whole quota: an hour's refill plus the full bucket at the start, 61/60 of the TPM.
        foreach (var p in new[] { without, with })
        {
            Assert.True(Math.Abs(p.AcceptedQuotaTpm - (Tpm * 61.0 / 60)) < Tpm * 0.02, $"accepted {p.AcceptedQuotaTpm:N0} quota TPM");
        }
    }

    [Fact]
    public void Thinking_without_maxTokens_reserves_the_models_maximum_output_and_a_budget_at_maxTokens_is_refused()
    {
        // Unset: 500 + 64,000 reserved; 2,000,000 / 64,500 = 31 at once.
        var unset = Plan(Chat(Budget4000Used2000, null), 100);
        Assert.Equal(64_000, unset.PerRequest.MaxTokens);
        Assert.Equal(500 + 64_000, unset.Reservation.ReservedTokensPerRequest);
        Assert.Equal(31, unset.Reservation.InFlightCapacity);

        var e = Assert.Throws<ConfigException>(() => Plan(Chat(Budget4000Used2000, 4_000), 100));
        Assert.Contains("budgetTokens 4,000 must be below maxTokens 4,000", e.Message);
    }

    [Fact]
    public void Five_turn_sessions_with_cache_points_cost_the_cache_reads_less_quota_per_session()
    {
        // Prefix P = 1,300; new content N0 = 200 (user) on turn 0, Nk = 100 (tool result) on turns 1..4;
        // answer A = 100. The conversation before turn k is the earlier turns' N + A: 0, 300, 500, 700, 900.
        // Without cache points turn k sends P + conversation + Nk in full:
        //   1,500 + 1,700 + 1,900 + 2,100 + 2,300 = 9,500 input;
        //   output 5 x 100 x 5 = 2,500; quota per session 12,000, per request 2,400.
        // With cache points (the prefix already cached by other sessions): turn 0 reads P and writes N0;
        // turn k >= 1 reads P + conversation - A and writes A + Nk = 200:
        //   writes 200 + 4 x 200 = 1,000; reads 1,300 + 1,500 + 1,700 + 1,900 + 2,100 = 8,500;
        //   quota per session 1,000 + 2,500 = 3,500, per request 700. The difference is the reads: 8,500.
        var uncached = Plan(Agent(cachePoints: false), 10);
        var cached = Plan(Agent(cachePoints: true), 10);

        var u = Assert.Single(uncached.Declared).Tokens;
        var c = Assert.Single(cached.Declared).Tokens;
        Assert.Equal(5, u.TurnsPerSession);
        Assert.Equal(new TokenFigures(9_500, 0, 0, 500, 0, 12_000, 12_000), u.PerSession);
        Assert.Equal(new TokenFigures(0, 1_000, 8_500, 500, 0, 3_500, 3_500), c.PerSession);
        Assert.Equal(12_000 - 3_500, u.PerSession!.QuotaTokens - c.PerSession!.QuotaTokens);
        Assert.Equal(c.PerSession.CacheReadTokens, u.PerSession.QuotaTokens - c.PerSession.QuotaTokens);

        // Per request = per session / 5; every turn is a request: 10 sessions a minute = 50 RPM.
        Assert.Equal(2_400, uncached.PerRequest.QuotaTokens);
        Assert.Equal(700, cached.PerRequest.QuotaTokens);
        Assert.Equal(50, uncached.Required.Rpm);
        Assert.Equal(10 * 12_000, uncached.Required.Tpm);
        Assert.Equal(10 * 3_500, cached.Required.Tpm);
        Assert.Equal(10 * 12_000, uncached.Declared[0].PeakTpm);

        // The plan's outputs say it per session.
        var plan = PlanBuilder.FromWorkloads([new DeclaredWorkload(Agent(cachePoints: true), 10)], NoCurves, null, new QuotaOverrides(Tpm: Tpm));
        output.WriteLine(PlanText.Render(plan));
        Assert.Contains("3,500 (cached)", PlanText.Render(plan), StringComparison.Ordinal);
        Assert.Contains("**3,500 quota tokens**", QuotaRequestWriter.Render(plan), StringComparison.Ordinal);
        Assert.Contains("\"quotaTokens\": 3500", PlanJson.Serialize(plan), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_exchanges_thinking_is_carried_back_as_input_and_the_plan_counts_it_as_thinkings_cost()
    {
        // The agent above with 400 thinking tokens an answer. Every turn after the first answers a tool
        // call, so turn k sends back the thinking of the k answers of the exchange (Claude keeps it).
        // Without cache points turn k's input grows by k x 400: 9,500 + 400 x (1+2+3+4) = 13,500;
        // output (100 + 400) x 5 = 2,500, x 5 = 12,500; per session 26,000, per request 5,200.
        // With cache points turn k >= 1 reads the previous turn whole and writes A + H + Nk = 600:
        // writes 200 + 4 x 600 = 2,600; per session 2,600 + 12,500 = 15,100, per request 3,020.
        // Without thinking the same sessions cost 2,400 and 700 a request (the test above), so
        // thinking adds 2,800 (2,000 output x burndown + 800 carried input) and 2,320 (2,000 + 320).
        var thinking = new ThinkingSpec { BudgetTokens = 1_000, Used = TokenDistribution.Constant(400) };
        var uncached = Plan(Agent(cachePoints: false) with { Thinking = thinking }, 10);
        var cached = Plan(Agent(cachePoints: true) with { Thinking = thinking }, 10);

        Assert.Equal(new TokenFigures(13_500, 0, 0, 2_500, 2_000, 26_000, 12_000), uncached.Declared[0].Tokens.PerSession);
        Assert.Equal((2_600.0, 15_100.0, 3_500.0), (cached.Declared[0].Tokens.PerSession!.CacheWriteTokens, cached.Declared[0].Tokens.PerSession!.QuotaTokens, cached.Declared[0].Tokens.PerSession!.QuotaTokensWithoutThinking));
        Assert.Equal((5_200L, 2_400L), (uncached.PerRequest.QuotaTokens, uncached.PerRequest.QuotaTokensWithoutThinking));
        Assert.Equal((3_020L, 700L), (cached.PerRequest.QuotaTokens, cached.PerRequest.QuotaTokensWithoutThinking));
        Assert.Equal((2_800L, 800L), (uncached.Thinking!.QuotaTokensPerRequest, uncached.Thinking.CarriedInputTokensPerRequest));
        Assert.Equal((2_320L, 320L), (cached.Thinking!.QuotaTokensPerRequest, cached.Thinking.CarriedInputTokensPerRequest));
        Assert.Equal(10 * 3_500, cached.Thinking.TpmWithoutThinking);

        var text = PlanText.Render(PlanBuilder.FromWorkloads([new DeclaredWorkload(Agent(cachePoints: true) with { Thinking = thinking }, 10)], NoCurves, null, new QuotaOverrides(Tpm: Tpm)));
        output.WriteLine(text);
        Assert.Contains("400 thinking tokens per request x 5 + 320 input carried back with tool results = 2,320 quota tokens", text, StringComparison.Ordinal);

        // A chat without tools carries nothing: the line keeps its plain arithmetic.
        var chat = Plan(Chat(Budget4000Used2000, 4_300), 100);
        Assert.Equal(0, chat.Thinking!.CarriedInputTokensPerRequest);
    }

    [Fact]
    public void Session_length_enters_quadratically_so_the_plan_averages_over_the_turns_distribution()
    {
        // Without cache points a session of T turns costs (from the arithmetic above: the conversation
        // before turn k >= 1 is 300 + 200 (k - 1) = 200 k + 100, turn k's new content 100, turn 0's 200)
        //   T x 1,300 + sum over k = 1..T-1 of (200 k + 100 + 100) + 200 + T x 500
        //   = 1,300 T + 100 T (T - 1) + 200 (T - 1) + 200 + 500 T = 1,900 T + 100 T^2,
        // so its expectation needs E[T^2], which is more than E[T]^2 for a spread-out T.
        var turns = TokenDistribution.Lognormal(5, 12);
        var random = new Random(12345);
        double sumT = 0, sumT2 = 0;
        const int N = 200_000;
        for (var i = 0; i < N; i++)
        {
            double t = turns.Sample(random);
            sumT += t;
            sumT2 += t * t;
        }

        var expected = (1_900 * sumT / N) + (100 * sumT2 / N);
        var atMean = (1_900 * 5.0) + (100 * 25.0);
        var m = Plan(Agent(cachePoints: false, turns), 10);
        var session = m.Declared[0].Tokens.PerSession!.QuotaTokens;
        output.WriteLine($"planned {session:N0} quota tokens a session, expected {expected:N0}, at the mean length {atMean:N0}; mean turns {m.Declared[0].Tokens.TurnsPerSession:0.###}");
        Assert.True(Math.Abs(session - expected) < expected * 0.02, $"planned {session:N0} quota tokens a session, expected {expected:N0}");
        Assert.True(session > atMean * 1.05, $"planned {session:N0} should exceed the cost at the mean length, {atMean:N0}, by the spread of T");

        // Requests per minute count every turn: 10 sessions a minute x the mean turns.
        Assert.Equal(10 * m.Declared[0].Tokens.TurnsPerSession, m.BaselineRpm, 6);
        Assert.Equal(m.Declared[0].Tokens.PerRequest.QuotaTokens * m.Declared[0].Tokens.TurnsPerSession, session, 6);
    }

    [Fact]
    public void An_embedding_workload_costs_its_texts_input_tokens_and_reserves_no_output()
    {
        // 10 texts of 50 tokens: 500 input tokens, no output, nothing beyond the input reserved; 60 RPM = 30,000 TPM.
        var embed = new WorkloadSpec
        {
            Name = "embed",
            Model = "global.cohere.embed-v4:0",
            Api = ApiKind.Embed,
            InputTokens = TokenDistribution.Constant(50),
            OutputTokens = TokenDistribution.Constant(1),
            Texts = TokenDistribution.Constant(10),
        };
        var m = Plan(embed, 60);
        Assert.Equal(500, m.PerRequest.InputTokens);
        Assert.Equal(0, m.PerRequest.OutputTokens);
        Assert.Equal(500, m.PerRequest.QuotaTokens);
        Assert.Equal(500, m.Reservation.ReservedTokensPerRequest);
        Assert.Equal(30_000, m.Required.Tpm);
    }

    [Fact]
    public void A_scenario_splits_its_arrival_rate_by_the_mix_and_combines_workloads_on_one_model()
    {
        var chat = Chat(null, 1_024);
        var agent = Agent(cachePoints: true);
        var config = new ScenarioConfig
        {
            File = "agentic.yaml",
            Target = new TargetSettings(),
            Models = ModelCatalog.BuiltIn,
            Workloads = [chat, agent],
            Scenarios =
            [
                new ScenarioSection
                {
                    Name = "agentic",
                    Mix = new Dictionary<string, double> { ["chat"] = 3, ["agent-cached"] = 1 },
                    Phases = [new ConstantPhase(40, TimeSpan.FromMinutes(5))],
                    Target = new TargetSettings(),
                },
            ],
            DefaultScenario = "agentic",
        };

        // 40 arrivals a minute: 30 chat requests (2,000 each) and 10 agent sessions (5 turns, 3,500 each).
        var m = Assert.Single(PlanBuilder.FromScenario(config, null, null, NoCurves).Models);
        Assert.Equal(30 + (10 * 5), m.Required.Rpm);
        Assert.Equal([30 * 2_000, 10 * 3_500], m.Declared.Select(w => w.PeakTpm));
        Assert.Equal(["chat", "agent-cached"], m.Declared.Select(w => w.Tokens.Name));

        // The profile's average request is rounded up to whole tokens (input 30 x 500 / 80 = 187.5 -> 188;
        // cache write 50 x 200 / 80 = 125), so its TPM is the workloads' sum or a few tokens a request above it.
        Assert.InRange(m.Required.Tpm, (30 * 2_000) + (10 * 3_500), (30 * 2_000) + (10 * 3_500) + 80);

        var e = Assert.Throws<ConfigException>(() => PlanBuilder.FromScenario(config, "peak", null, NoCurves));
        Assert.Contains("no scenario 'peak'", e.Message);
    }
}
