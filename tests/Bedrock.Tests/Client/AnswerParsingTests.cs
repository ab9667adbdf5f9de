using System.Text;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Client.Internal;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>The answer readers on hand-written bodies and events: the spellings the emulator does not send.</summary>
public sealed class AnswerParsingTests
{
    private static CallReport Inspect(string body)
    {
        var report = new CallReport();
        var tally = new AnswerTally(report);
        AnswerBody.Inspect(Encoding.UTF8.GetBytes(body), report, tally);
        tally.Complete();
        return report;
    }

    [Fact]
    public void Escaped_thinking_text_is_measured_unescaped()
    {
        // "a\"b\u00e9" is a, quote, b, e-acute: 4 characters, 5 UTF-8 bytes.
        var report = Inspect("""{"content":[{"type":"thinking","thinking":"a\"b\u00e9","signature":"x"},{"type":"text","text":"hi"}],"stop_reason":"end_turn"}""");
        Assert.Equal(1, report.ThinkingBlocks);
        Assert.Equal(5, report.ThinkingTextBytes);
        Assert.Equal(2, report.ThinkingTokensEstimate);
        Assert.Equal("end_turn", report.StopReason);
        Assert.Equal([new ThinkingBlock("a\"b\u00e9", "x")], report.Thinking);
    }

    [Fact]
    public void Whole_answers_keep_thinking_and_redacted_blocks_in_order_to_send_back()
    {
        var claude = Inspect("""{"content":[{"type":"redacted_thinking","data":"ZW5j"},{"signature":"c2ln","type":"thinking","thinking":"plan"},{"type":"tool_use","id":"t","name":"f","input":{}}],"stop_reason":"tool_use"}""");
        Assert.Equal([new ThinkingBlock(null, null, "ZW5j"), new ThinkingBlock("plan", "c2ln")], claude.Thinking);
        Assert.Equal(2, claude.ThinkingBlocks);

        var nova = Inspect("""{"output":{"message":{"content":[{"reasoningContent":{"reasoningText":{"text":"hmm","signature":"s"}}},{"text":"hi"}]}},"stopReason":"end_turn"}""");
        Assert.Equal([new ThinkingBlock("hmm", "s")], nova.Thinking);

        // Sent back in Converse's shape, unchanged; and its text never shows in the block's own text form.
        var block = claude.Thinking[1].ToConverseBlock().ReasoningContent!.ReasoningText!;
        Assert.Equal(("plan", "c2ln"), (block.Text, block.Signature));
        Assert.Equal("ZW5j", claude.Thinking[0].ToConverseBlock().ReasoningContent!.RedactedContent);
        Assert.DoesNotContain("plan", claude.Thinking[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_streamed_thinking_block_is_joined_from_its_deltas_with_its_signature()
    {
        var report = new CallReport();
        var tally = new AnswerTally(report);
        tally.Thinking(0, 3, "Let");
        tally.Thinking(0, 4, " me ");
        tally.Thinking(0, 5, "think");
        tally.Signature(0, "c2ln");
        tally.BlockStop(0);
        tally.ToolStart(1, "toolu_1", "get_weather");
        tally.BlockStop(1);
        tally.Complete();
        Assert.Equal([new ThinkingBlock("Let me think", "c2ln")], report.Thinking);
        Assert.Equal((1, 12), (report.ThinkingBlocks, report.ThinkingTextBytes));
    }

    [Fact]
    public void Nova_answer_tool_use_keeps_the_input_json()
    {
        var report = Inspect("""{"output":{"message":{"role":"assistant","content":[{"text":"Let me check."},{"toolUse":{"toolUseId":"t1","name":"get_weather","input":{"city":"Pune","days":[1,2]}}}]}},"stopReason":"tool_use","usage":{"inputTokens":5,"outputTokens":9}}""");
        var call = Assert.Single(report.ToolCalls);
        Assert.Equal(new ToolCall("t1", "get_weather", """{"city":"Pune","days":[1,2]}"""), call);
        Assert.Equal("tool_use", report.StopReason);
        Assert.Null(report.ThinkingTokensEstimate);
    }

    [Theory]
    [InlineData("""{"id":"e","embeddings":[[0.1,0.2,0.3],[0.4,0.5,0.6]],"response_type":"embeddings_floats"}""", 2, 3)]
    [InlineData("""{"id":"e","embeddings":{"ubinary":[[1,2],[3,4],[5,6]],"float":[[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,1.1,1.2,1.3,1.4,1.5,1.6]]},"response_type":"embeddings_by_type"}""", 3, 16)]
    public void Embeddings_are_counted_not_kept(string body, int count, int dimension)
    {
        var report = Inspect(body);
        Assert.Equal(count, report.EmbeddingCount);
        Assert.Equal(dimension, report.EmbeddingDimension);
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":2,"delta":{"type":"thinking_delta","thinking":"abcdef"}}""", "Thinking", 2, 6)]
    [InlineData("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"ci"}}""", "ToolInput", 1, 4)]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2ln"}}""", "Signature", 0, 4)]
    [InlineData("""{"contentBlockDelta":{"delta":{"reasoningContent":{"signature":"c2lnbg=="}},"contentBlockIndex":0}}""", "Signature", 0, 8)]
    [InlineData("""{"contentBlockDelta":{"delta":{"reasoningContent":{"redactedContent":"ZGF0YQ=="}},"contentBlockIndex":1}}""", "RedactedThinking", 1, 8)]
    [InlineData("""{"contentBlockDelta":{"delta":{"text":"Hello"},"contentBlockIndex":3}}""", "Text", 3, 5)]
    [InlineData("""{"contentBlockDelta":{"delta":{"reasoningContent":{"text":"hmm"}},"contentBlockIndex":0}}""", "Thinking", 0, 3)]
    public void Chunk_deltas_are_read_in_place(string chunk, string kind, int index, int length)
    {
        var delta = DeltaScan.Chunk(Encoding.UTF8.GetBytes(chunk));
        Assert.True(delta.IsDelta);
        Assert.Equal(Enum.Parse<DeltaKind>(kind), delta.Kind);
        Assert.Equal(index, delta.Index);
        Assert.Equal(length, delta.Utf8Length);
    }

    [Theory]
    [InlineData("""{"type":"message_delta","delta":{"stop_reason":"end_turn"}}""")]
    [InlineData("""{"messageStop":{"stopReason":"end_turn"}}""")]
    public void Other_events_are_not_deltas(string chunk)
        => Assert.False(DeltaScan.Chunk(Encoding.UTF8.GetBytes(chunk)).IsDelta);

    [Fact]
    public void A_streamed_tool_call_is_assembled_from_its_fragments()
    {
        var report = new CallReport();
        var tally = new AnswerTally(report);
        tally.ToolStart(1, "toolu_1", "get_weather");
        tally.ToolInput(1, "{\"city\":");
        tally.ToolInput(1, "\"Pune\"}");
        tally.BlockStop(1);
        tally.ToolStart(2, "toolu_2", "get_time");
        tally.Complete();
        Assert.Equal([new ToolCall("toolu_1", "get_weather", "{\"city\":\"Pune\"}"), new ToolCall("toolu_2", "get_time", "{}")], report.ToolCalls);
        Assert.Equal("Pune", report.ToolCalls[0].ToConverseBlock().ToolUse!.Input!.Value.GetProperty("city").GetString());
    }
}
