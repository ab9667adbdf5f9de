using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Results;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Measurement;

namespace LoadTest.Scenarios.Tests;

/// <summary>
/// Sessions, thinking, tools, cache reads per turn and embeddings: from the engine's answer to the
/// row, and from rows to the summary, with every expected figure worked out by hand.
/// </summary>
public sealed class FeatureMeasurementTests
{
    private const int Burndown = 5; // Claude Haiku 4.5

    /// <summary>
    /// One agent turn: cache writes as given, 200 output tokens of which 100 thinking, quota by the
    /// consumed rule (input + cache write + output x 5), first visible token 1.5 s after its scheduled start.
    /// </summary>
    private static RequestRecord Turn(long session, int turn, int cacheRead, int cacheWrite, int toolCalls = 0, string outcome = Outcomes.Ok) => new()
    {
        Id = (session * 10) + turn,
        Workload = "agent",
        Model = "haiku",
        Outcome = outcome,
        ScheduledMs = 0,
        StartedMs = 1,
        FirstTokenMs = 900,
        FirstVisibleTokenMs = 1500,
        EndedMs = 3000,
        Attempts = 1,
        SessionId = session,
        Turn = turn,
        CacheReadTokens = cacheRead,
        CacheWriteTokens = cacheWrite,
        OutputTokens = 200,
        ThinkingTokens = 100,
        ToolCalls = toolCalls,
        QuotaTokens = cacheWrite + (200 * Burndown),
    };

    private static RunSummary Record(IEnumerable<RequestRecord> rows)
    {
        var recorder = new RunRecorder(new ListLog());
        foreach (var r in rows)
        {
            recorder.Complete(r);
        }

        return recorder.BuildSummary(new SummaryContext { Scenario = "t", Stop = RunStop.Completed, DurationSeconds = 60, LoadSeconds = 60 });
    }

    private static IEnumerable<RequestRecord> Rows()
    {
        // Three sessions of 3, 2 and 1 turns. Turn 1 writes the 1,000-token prefix; turn 2 reads it
        // and writes 500; turn 3 reads 1,500 and writes 500.
        yield return Turn(1, 1, cacheRead: 0, cacheWrite: 1000, toolCalls: 1);
        yield return Turn(1, 2, cacheRead: 1000, cacheWrite: 500, toolCalls: 1);
        yield return Turn(1, 3, cacheRead: 1500, cacheWrite: 500);
        yield return Turn(2, 1, cacheRead: 0, cacheWrite: 1000, toolCalls: 2);
        yield return Turn(2, 2, cacheRead: 1000, cacheWrite: 500);
        yield return Turn(3, 1, cacheRead: 0, cacheWrite: 1000);

        // A session whose first turn was never sent: not a session.
        yield return new RequestRecord { Id = 41, Workload = "agent", Model = "haiku", Outcome = Outcomes.Dropped, SessionId = 4, Turn = 1, InputTokens = 100 };

        // Plain chat: nothing of the above.
        for (var i = 0; i < 2; i++)
        {
            yield return new RequestRecord
            {
                Id = 100 + i, Workload = "chat", Model = "haiku", Outcome = Outcomes.Ok, ScheduledMs = 0, StartedMs = 1, FirstTokenMs = 400, EndedMs = 800,
                Attempts = 1, InputTokens = 500, OutputTokens = 100, QuotaTokens = 500 + (100 * Burndown),
            };
        }

        // Embeddings: 3 and 5 vectors, input only.
        foreach (var (id, vectors) in new[] { (200, 3), (201, 5) })
        {
            yield return new RequestRecord
            {
                Id = id, Workload = "embed", Model = "cohere", Outcome = Outcomes.Ok, ScheduledMs = 0, StartedMs = 1, EndedMs = 100,
                Attempts = 1, InputTokens = 50, QuotaTokens = 50, Embeddings = vectors,
            };
        }
    }

    [Fact]
    public void A_workload_of_sessions_gets_turns_tool_calls_thinking_share_and_cache_read_share_per_turn()
    {
        var agent = Record(Rows()).ByWorkload["agent"];
        var f = agent.Features!;

        // Rows per turn 3, 2, 1: three sessions, 6 turns; 2 of 3 sessions end by turn 2, all by turn 3.
        Assert.Equal(3, f.Sessions!.Count);
        Assert.Equal(2.0, f.Sessions.TurnsMean);
        Assert.Equal(3, f.Sessions.TurnsP95);
        Assert.Equal(4, f.ToolCalls);
        Assert.Equal(Math.Round(4 / 3.0, 3), f.Sessions.ToolCallsPerSession);

        // Quota: turn 1 1,000 + 1,000 (x3), turn 2 500 + 1,000 (x2), turn 3 500 + 1,000 = 10,500;
        // thinking 100 tokens x 5 on each of 6 requests = 3,000.
        Assert.Equal(600, f.Thinking!.Tokens);
        Assert.Equal(100, f.Thinking.PerRequest);
        Assert.Equal(Math.Round(3000 / 10500.0, 4), f.Thinking.QuotaShare);
        Assert.Equal(10_500, agent.Tokens.Quota);
        Assert.Equal(6, agent.Tokens.Requests);
        Assert.Equal(1750, agent.Tokens.QuotaPerRequest);

        // Cache reads / all input: turn 1 0 / 3,000; turn 2 2,000 / 3,000; turn 3 1,500 / 2,000; overall 3,500 / 8,000.
        var cache = f.CacheReadShare!;
        Assert.Equal(0.4375, cache.Overall);
        Assert.Equal([new TurnShare(1, 0, 3), new TurnShare(2, 0.6667, 2), new TurnShare(3, 0.75, 1)], cache.ByTurn);

        Assert.Null(f.Embeddings);
        Assert.Equal(6, agent.TtfvtMs!.Count);
        Assert.Equal(1500, agent.TtfvtMs.P50, 0);
        Assert.Equal(900, agent.TtftMs.P50, 0);
    }

    [Fact]
    public void A_plain_workload_carries_none_of_it_and_the_run_sums_every_workload()
    {
        var summary = Record(Rows());

        Assert.Null(summary.ByWorkload["chat"].Features);
        Assert.Null(summary.ByWorkload["chat"].TtfvtMs);
        var embed = summary.ByWorkload["embed"].Features!;
        Assert.Equal(8, embed.Embeddings);
        Assert.Null(embed.Thinking);
        Assert.Null(embed.Sessions);
        Assert.Null(embed.CacheReadShare);

        // The run: quota 10,500 + 2 x 1,000 + 2 x 50 = 12,600; all input 8,000 + 1,000 + 100 = 9,100.
        var run = summary.Features!;
        Assert.Equal(Math.Round(3000 / 12600.0, 4), run.Thinking!.QuotaShare);
        Assert.Equal(Math.Round(3500 / 9100.0, 4), run.CacheReadShare!.Overall);
        Assert.Equal(3, run.Sessions!.Count);
        Assert.Equal(8, run.Embeddings);
        Assert.Equal(6, summary.TtfvtMs!.Count);
        Assert.Equal(10, summary.Tokens.Requests);
    }

    [Fact]
    public void Turns_past_the_twentieth_share_its_entry_and_sessions_count_from_rows_per_turn()
    {
        // One session of 25 turns, each reading 900 of 1,000 input tokens after the first.
        var rows = Enumerable.Range(1, 25).Select(t => Turn(7, t, cacheRead: t == 1 ? 0 : 900, cacheWrite: t == 1 ? 1000 : 100));

        var f = Record(rows).Features!;

        Assert.Equal(1, f.Sessions!.Count);
        Assert.Equal(25, f.Sessions.TurnsMean);
        Assert.Equal(25, f.Sessions.TurnsP95);
        Assert.Equal(CacheReadShare.MaxTurn, f.CacheReadShare!.ByTurn.Count);
        Assert.Equal(new TurnShare(CacheReadShare.MaxTurn, 0.9, 6), f.CacheReadShare.ByTurn[^1]);
    }

    [Fact]
    public void The_row_carries_what_the_engine_measured_and_planned()
    {
        var workload = RequestPlannerTests.Workload("agent");
        var builder = new RequestRecordBuilder(ModelCatalog.BuiltIn, [workload]);
        var planned = new PlannedRequest { Id = 9, Workload = workload, InputTokens = 100, OutputTokens = 300, SessionId = 42, Turn = 3, ThinkingTokens = 120 };
        var result = new SendResult
        {
            Outcome = Outcomes.Ok, FirstToken = TimeSpan.FromMilliseconds(400), FirstVisibleToken = TimeSpan.FromMilliseconds(1900),
            InputTokens = 100, OutputTokens = 300, CacheReadTokens = 2000, CacheWriteTokens = 250, ThinkingTokens = 120, ToolCalls = 2, StopReason = "tool_use",
        };

        var row = builder.Sent(planned, phase: 0, scheduledMs: 1000, startedMs: 1010, endedMs: 4000, result);

        Assert.Equal(42, row.SessionId);
        Assert.Equal(3, row.Turn);
        Assert.Equal(2910, row.FirstVisibleTokenMs);
        Assert.Equal(1910, row.TtfvtMs);
        Assert.Equal(120, row.ThinkingTokens);
        Assert.Equal(2, row.ToolCalls);
        Assert.Null(row.Embeddings);
        Assert.Equal("tool_use", row.StopReason);

        // 100 + 250 + 300 x 5 = 1,850 quota tokens, of which thinking 120 x 5 = 600.
        Assert.Equal(1850, row.QuotaTokens);
        Assert.Equal(600, row.ThinkingQuotaTokens, 9);
        Assert.Equal(2350, row.AllInputTokens);
    }

    [Theory]
    [InlineData("end_turn", "end_turn")]
    [InlineData("model_context_window_exceeded", "model_context_window_exceeded")]
    [InlineData("stop_sequence", "stop_sequence")]
    [InlineData("Sure, here is the answer", "other")]
    [InlineData(null, null)]
    public void A_stop_reason_is_kept_only_as_the_services_one_word(string? reason, string? kept)
        => Assert.Equal(kept, RequestRecordBuilder.StopReasonWord(reason));

    [Fact]
    public async Task An_engine_run_writes_the_new_columns_and_summarises_them()
    {
        var dir = EngineFixture.Output();
        var run = EngineFixture.Run([new ConstantPhase(600, TimeSpan.FromSeconds(2))]);

        var summary = await new LoadEngine(new ThinkingSender(new FakeSender(TimeSpan.FromMilliseconds(40)))).RunAsync(run, dir);

        // Read back through the codec: every answered row carries what the target reported.
        var rows = dir.ReadRequests().Where(r => r.Outcome == Outcomes.Ok).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.Equal(40, r.ThinkingTokens);
            Assert.Equal(1, r.ToolCalls);
            Assert.Equal("tool_use", r.StopReason);
            Assert.True(r.FirstVisibleTokenMs > r.FirstTokenMs);
            Assert.Null(r.SessionId);
        });

        // 1,000 input + 100 output x 5 = 1,500 quota tokens per request, of which thinking 40 x 5 = 200.
        var chat = summary.ByWorkload["chat"];
        Assert.Equal(Math.Round(200 / 1500.0, 4), chat.Features!.Thinking!.QuotaShare);
        Assert.Equal(40, chat.Features.Thinking.PerRequest);
        Assert.Equal(rows.Count, chat.Features.ToolCalls);
        Assert.Null(chat.Features.Sessions);
        Assert.Null(chat.Features.CacheReadShare);
        Assert.Equal(rows.Count, chat.TtfvtMs!.Count);
        Assert.True(chat.TtfvtMs.P50 > chat.TtftMs.P50);
        Assert.Equal(1500, chat.Tokens.QuotaPerRequest);
        Assert.Equal(chat.Features.Thinking, dir.ReadSummary().ByWorkload["chat"].Features!.Thinking);
    }

    /// <summary>A target whose answers think 40 tokens and call one tool, the visible answer 10 ms after the first (thinking) token.</summary>
    private sealed class ThinkingSender(FakeSender inner) : IRequestSender
    {
        public async Task<SendResult> SendAsync(PlannedRequest request, CancellationToken cancellationToken)
        {
            var result = await inner.SendAsync(request, cancellationToken);
            return result.Outcome == Outcomes.Ok
                ? result with { ThinkingTokens = 40, ToolCalls = 1, StopReason = "tool_use", FirstVisibleToken = result.FirstToken + TimeSpan.FromMilliseconds(10) }
                : result;
        }
    }

    private sealed class ListLog : IRequestLog
    {
        public List<RequestRecord> Rows { get; } = [];

        public void Write(RequestRecord record) => Rows.Add(record);
    }
}
