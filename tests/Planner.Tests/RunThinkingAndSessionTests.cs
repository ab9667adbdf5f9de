using LoadTest.Planner.Mix;
using LoadTest.Planner.Output;
using LoadTest.Planner.Requirements;
using LoadTest.Results;
using Xunit.Abstractions;

namespace LoadTest.Planner.Tests;

/// <summary>
/// Thinking and sessions in a plan built from a run's rows, against figures worked by hand here:
/// thinking tokens are inside the output tokens and burn down at the model's rate (5 on Sonnet
/// 4.5); a session's quota is the sum of its rows' quota tokens.
/// </summary>
public sealed class RunThinkingAndSessionTests(ITestOutputHelper output)
{
    private const string Sonnet45 = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private static readonly PlanSettings NoCurves = new() { SkipCurves = true, PeakMultiplier = 2 };

    /// <summary>One row of the run: a turn of session <paramref name="session"/> (null: a single request), 6 s after the previous row.</summary>
    private static RequestRecord Row(long id, string workload, long? session, int turn, int input, int cacheWrite, int cacheRead, int outputTokens, int? thinking, string outcome = Outcomes.Ok)
        => new()
        {
            Id = id,
            ScheduledMs = (id - 1) * 6_000,
            StartedMs = (id - 1) * 6_000,
            EndedMs = ((id - 1) * 6_000) + 2_000,
            Workload = workload,
            Model = Sonnet45,
            Api = "converse-stream",
            Outcome = outcome,
            Attempts = 1,
            InputTokens = input,
            CacheWriteTokens = cacheWrite,
            CacheReadTokens = cacheRead,
            OutputTokens = outputTokens,
            QuotaTokens = outcome == Outcomes.Ok ? input + cacheWrite + (outputTokens * 5L) : 0,
            MaxTokens = thinking is null ? 1_024 : 4_300,
            SessionId = session,
            Turn = turn,
            ThinkingTokens = thinking,
        };

    /// <summary>
    /// 10 rows in 60 s. Agent session 1: 1,000 in + 600 out (400 thinking) = 4,000 quota tokens; 200
    /// in + 300 cache write + 600 out (400) = 3,500; 200 + 300 + 300 out (200) = 2,000: 9,500.
    /// Session 2: 4,000, then 2,000: 6,000. Five chats of 500 in + 300 out = 2,000 each, no thinking.
    /// </summary>
    private static RunResults Run() => new()
    {
        Directory = "hand-built",
        DurationSeconds = 60,
        Requests =
        [
            Row(1, "agent", 1, 1, 1_000, 0, 0, 600, 400),
            Row(2, "chat", null, 1, 500, 0, 0, 300, null),
            Row(3, "agent", 2, 1, 1_000, 0, 0, 600, 400),
            Row(4, "agent", 1, 2, 200, 300, 1_000, 600, 400),
            Row(5, "chat", null, 1, 500, 0, 0, 300, null),
            Row(6, "agent", 2, 2, 200, 300, 1_000, 300, 200),
            Row(7, "agent", 1, 3, 200, 300, 1_300, 300, 200),
            Row(8, "chat", null, 1, 500, 0, 0, 300, null),
            Row(9, "chat", null, 1, 500, 0, 0, 300, null),
            Row(10, "chat", null, 1, 500, 0, 0, 300, null),
        ],
    };

    [Fact]
    public void Thinking_from_the_rows_gives_its_share_of_TPM_and_the_TPM_without_it()
    {
        var m = Assert.Single(PlanBuilder.FromRun(Run(), NoCurves).Models);

        // Per request over the 10 rows: input 2,600 + 2,500 = 5,100 / 10 = 510; cache write 900 / 10 = 90;
        // output 2,400 + 1,500 = 3,900 / 10 = 390, of it thinking 1,600 / 10 = 160 (answer 230).
        // 510 + 90 + 390 x 5 = 2,550 quota tokens; without thinking 510 + 90 + 230 x 5 = 1,750.
        Assert.Equal((510L, 90L, 390L, 160L), (m.PerRequest.InputTokens, m.PerRequest.CacheWriteTokens, m.PerRequest.OutputTokens, m.PerRequest.ThinkingTokens));
        Assert.Equal(2_550, m.PerRequest.QuotaTokens);
        Assert.Equal(1_750, m.PerRequest.QuotaTokensWithoutThinking);

        // 10 RPM x peak 2 = 20 RPM: 51,000 TPM, 35,000 without thinking; thinking adds 160 x 5 x 20 = 16,000.
        Assert.Equal(20, m.Required.Rpm);
        Assert.Equal(51_000, m.Required.Tpm);
        var expected = new ThinkingEffect { ThinkingTokensPerRequest = 160, QuotaTokensPerRequest = 800, TpmWithoutThinking = 35_000, ExtraTpm = 16_000, ShareOfTpm = 16_000.0 / 51_000 };
        Assert.Equal(expected, m.Thinking);
    }

    [Fact]
    public void Sessions_from_the_rows_give_quota_per_session_and_sessions_per_minute_per_workload()
    {
        var plan = PlanBuilder.FromRun(Run(), NoCurves);
        var m = Assert.Single(plan.Models);
        var text = PlanText.Render(plan);
        output.WriteLine(text);

        // agent: 2 sessions in a minute (4 at peak x2), 5 rows = 2.5 turns, (9,500 + 6,000) / 2 = 7,750
        // quota tokens a session; a completed request 15,500 / 5 = 3,100, thinking 1,600 / 5 = 320;
        // peak 4 x 7,750 = 31,000 TPM. chat: 5 a minute (10 at peak), 2,000 each, 20,000 TPM.
        // The two add up to the profile's 51,000.
        Assert.Equal(["agent", "chat"], m.Measured.Select(w => w.Workload));
        var agent = m.Measured[0];
        Assert.Equal(new SessionMix(2, 2, 2.5, 7_750), agent.Sessions);
        Assert.Equal((2.0, 4.0, 10.0), (agent.ArrivalsPerMinute, agent.PeakArrivalsPerMinute, agent.PeakRpm));
        Assert.Equal((3_100.0, 320.0, 31_000L), (agent.QuotaTokensPerRequest, agent.ThinkingTokensPerRequest, agent.PeakTpm));
        var chat = m.Measured[1];
        Assert.Null(chat.Sessions);
        Assert.Equal((5.0, 10.0, 10.0), (chat.ArrivalsPerMinute, chat.PeakArrivalsPerMinute, chat.PeakRpm));
        Assert.Equal((2_000.0, 0.0, 20_000L), (chat.QuotaTokensPerRequest, chat.ThinkingTokensPerRequest, chat.PeakTpm));
        Assert.Equal(m.Required.Tpm, agent.PeakTpm + chat.PeakTpm);

        // The workload table reads as the declared path's; the quota request and plan.json say it too.
        Assert.Equal(["agent", "4", "2.5", "10", "3,100", "7,750", "320", "31,000"], Cells(text, "agent"));
        Assert.Equal(["chat", "10", "1", "10", "2,000", "-", "0", "20,000"], Cells(text, "chat"));
        Assert.Contains("**7,750 quota tokens per session**", QuotaRequestWriter.Render(plan), StringComparison.Ordinal);
        Assert.Contains("\"quotaTokensPerSession\": 7750", PlanJson.Serialize(plan), StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_counts_what_its_rows_consumed_and_a_plain_run_has_no_workload_table()
    {
        // 30 s: session 1 is 4,000 + 2,000; session 2's second turn was throttled (nothing consumed): 4,000.
        // (6,000 + 4,000) / 2 = 5,000 a session, 2 sessions in half a minute = 4 a minute, 4 rows = 2 turns.
        RequestRecord[] rows =
        [
            Row(1, "agent", 1, 1, 1_000, 0, 0, 600, 400),
            Row(2, "agent", 2, 1, 1_000, 0, 0, 600, 400),
            Row(3, "agent", 1, 2, 200, 300, 1_000, 300, 200),
            Row(4, "agent", 2, 2, 0, 0, 0, 0, null, Outcomes.Throttled),
        ];
        var mix = TokenMixAnalyzer.Analyze(rows, 30, _ => 5, seed: 1);
        Assert.All(mix, w => Assert.Equal(new SessionMix(2, 4, 2, 5_000), w.Sessions));

        var plain = new RunResults { Directory = "plain", DurationSeconds = 60, Requests = [Row(1, "chat", null, 1, 500, 0, 0, 300, null)] };
        var m = Assert.Single(PlanBuilder.FromRun(plain, NoCurves).Models);
        Assert.Empty(m.Measured);
        Assert.Null(m.Thinking);
        Assert.DoesNotContain("quota/session", PlanText.Render(PlanBuilder.FromRun(plain, NoCurves)), StringComparison.Ordinal);
    }

    /// <summary>The cells of the workload table's line for <paramref name="workload"/>.</summary>
    private static string[] Cells(string text, string workload)
        => text.Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(cells => cells.Length == 8 && cells[0] == workload);
}
