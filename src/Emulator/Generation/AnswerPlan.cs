namespace LoadTest.Emulator.Generation;

/// <summary>The kinds of content block an answer holds, in the order they are generated.</summary>
internal enum AnswerBlockKind
{
    /// <summary>Claude's thinking (Converse <c>reasoningContent</c>, Anthropic <c>thinking</c>), with a signature.</summary>
    Thinking,

    Text,

    /// <summary>A tool call (Converse <c>toolUse</c>, Anthropic <c>tool_use</c>) whose input JSON is streamed in fragments.</summary>
    ToolUse,
}

/// <summary>A tool call the answer makes: its ID, the tool, the input as JSON text and what that costs in output tokens.</summary>
internal sealed record ToolCall(string Id, string Name, string InputJson, int Tokens);

/// <summary>
/// What an answer holds: thinking tokens first (so the first visible token waits for them), then
/// visible text, then a tool call. Each part is present only when it has tokens; the output tokens of
/// the answer are their sum (thinking tokens are output tokens, in usage and in the quota).
/// </summary>
internal readonly record struct AnswerPlan(int ThinkingTokens, string? Signature, int TextTokens, ToolCall? Tool)
{
    public static AnswerPlan Text(int tokens) => new(0, null, tokens, null);

    public int OutputTokens => ThinkingTokens + TextTokens + (Tool?.Tokens ?? 0);

    public int BlockCount => (ThinkingTokens > 0 ? 1 : 0) + (TextTokens > 0 ? 1 : 0) + (Tool is null ? 0 : 1);

    public AnswerBlockKind Kind(int block)
    {
        if (ThinkingTokens > 0 && block-- == 0)
        {
            return AnswerBlockKind.Thinking;
        }

        return TextTokens > 0 && block == 0 ? AnswerBlockKind.Text : AnswerBlockKind.ToolUse;
    }

    public int Tokens(int block) => Kind(block) switch
    {
        AnswerBlockKind.Thinking => ThinkingTokens,
        AnswerBlockKind.Text => TextTokens,
        _ => Tool!.Tokens,
    };

    /// <summary>The fragment of the tool's input JSON sent as the delta of <paramref name="tokens"/> tokens at <paramref name="offset"/>.</summary>
    public string InputFragment(int tokens, int offset)
    {
        var json = Tool!.InputJson;
        var start = Math.Min(json.Length, offset * LoadTest.Core.Models.TokenCounting.BytesPerToken);
        var end = offset + tokens >= Tool.Tokens ? json.Length : Math.Min(json.Length, (offset + tokens) * LoadTest.Core.Models.TokenCounting.BytesPerToken);
        return json[start..end];
    }
}
