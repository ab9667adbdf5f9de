using LoadTest.Core.Quotas;

namespace LoadTest.Core.Tests;

public sealed class SessionTokensTests
{
    // A 1,000-token prefix, 400-token questions, 150-token tool results, 50-token answers after 300
    // thinking tokens. Turns: question, tool result, tool result, question, question.
    private const long P = 1000, U = 400, R = 150, A = 50, H = 300;
    private static readonly bool[] ToolResults = [false, true, true, false, false];

    private static List<InputSplit> Play(bool cachePoints, long thinking)
    {
        var session = new SessionTokens.Session(P, cachePoints, prefixCached: true);
        var splits = new List<InputSplit>();
        foreach (var toolResult in ToolResults)
        {
            splits.Add(session.Next(toolResult ? R : U, toolResult));
            session.Answered(A, thinking);
        }

        return splits;
    }

    [Fact]
    public void The_thinking_of_a_tool_exchange_is_input_until_a_question_strips_it_and_then_the_conversation_is_written_again()
    {
        var splits = Play(cachePoints: true, H);

        // Turn 1 reads the prefix another session wrote and writes its question.
        // Turn 2 answers a call: it reads turn 1 whole and writes the answer, its thinking and the result: A + H + R.
        // Turn 3 likewise; the exchange now carries two thinking blocks (2H), the earlier one still read from cache.
        // Turn 4 is a question: Claude strips both thinking blocks, so the text before turn 3's cache point
        // no longer matches; only the prefix is read, and the conversation is written again without them:
        //   U + A + R + A + R + A + U = 1,250.
        // Turn 5 follows a question: it reads turn 4 whole (2,250) and writes A + U.
        Assert.Equal(
            [new(0, P, U), new(0, P + U, A + H + R), new(0, P + U + A + H + R, A + H + R), new(0, P, 1_250), new(0, 2_250, A + U)],
            splits);
        Assert.Equal([1_400L, 1_900, 2_400, 2_250, 2_700], splits.Select(s => s.Total));
    }

    [Fact]
    public void Without_cache_points_the_carried_thinking_is_full_price_input()
    {
        var splits = Play(cachePoints: false, H);
        Assert.Equal([1_400L, 1_900, 2_400, 2_250, 2_700], splits.Select(s => s.Input));
        Assert.All(splits, s => Assert.Equal((0L, 0L), (s.CacheRead, s.CacheWrite)));
    }

    [Fact]
    public void Without_thinking_each_turn_reads_the_previous_turn_whole_even_after_a_tool_exchange()
    {
        // Nothing is carried, so nothing is stripped: turn k reads what turn k-1 sent and writes the
        // previous answer and its own new content (A + R = 200 after a call, A + U = 450 after a question).
        var splits = Play(cachePoints: true, thinking: 0);
        Assert.Equal(
            [new(0, P, U), new(0, 1_400, A + R), new(0, 1_600, A + R), new(0, 1_800, A + U), new(0, 2_250, A + U)],
            splits);
        Assert.Equal([1_400L, 1_600, 1_800, 2_250, 2_700], splits.Select(s => s.Total));
    }

    [Fact]
    public void A_first_turn_cannot_be_a_tool_result_and_a_turn_needs_the_previous_answer()
    {
        var session = new SessionTokens.Session(P, cachePoints: true, prefixCached: false);
        Assert.Equal(new InputSplit(0, 0, P + R), session.Next(R, toolResult: true));
        Assert.Throws<InvalidOperationException>(() => session.Next(U, toolResult: false));
    }
}
