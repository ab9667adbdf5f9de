using System.Globalization;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The tool calls and tool results of a conversation, message by message, and the checks Bedrock makes
/// of them: a result must answer a call of the message before it, and a call must be answered in the
/// next message. Converse's own words: "The toolConfig field must be defined when using toolUse and
/// toolResult content blocks." (https://github.com/langgenius/dify/issues/16421), "The number of
/// toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn."
/// (https://github.com/pydantic/pydantic-ai/issues/2327), "Expected toolResult blocks at
/// messages.2.content for the following Ids: ..." (https://github.com/agno-agi/agno/issues/6698); a
/// result whose ID matches no call is the model's refusal, in Anthropic's words ("messages.N.content.M:
/// unexpected `tool_use_id` found in `tool_result` blocks: ID. Each `tool_result` block must have a
/// corresponding `tool_use` block in the previous message.",
/// https://github.com/anthropics/claude-code/issues/13460), and so is an unanswered call on InvokeModel
/// (https://github.com/anthropics/claude-code/issues/5060) and tool blocks without tools ("Requests which
/// include `tool_use` or `tool_result` blocks must define tools."). With thinking on it also holds the
/// thinking blocks sent back: the last assistant turn that called a tool must start with its thinking
/// block, and every thinking block must carry the signature the emulator issued for its text
/// (<see cref="CheckThinking"/>; words in <see cref="ThinkingRules"/>). A redacted block's data is
/// opaque and the emulator never issues one, so it counts as a thinking block and is not checked.
/// </summary>
internal sealed class ToolTurns
{
    private readonly List<Turn> _turns = [];

    public bool Any { get; private set; }

    public void BeginMessage(bool assistant) => _turns.Add(new Turn { Assistant = assistant });

    /// <summary>A content block of the current message, by its Anthropic type name (<c>text</c>, <c>tool_use</c>, <c>thinking</c>, ...); cache points are not blocks.</summary>
    public void Block(string type) => _turns[^1].First ??= type;

    /// <summary>A thinking block sent back, with its text and signature as the body had them.</summary>
    public void Thinking(int blockIndex, string? text, string? signature)
    {
        Block("thinking");
        _turns[^1].Thinking.Add((blockIndex, text, signature));
    }

    public void ToolUse(string? id)
    {
        Any = true;
        _turns[^1].Uses.Add(id ?? "");
    }

    public void ToolResult(string? id, int blockIndex)
    {
        Any = true;
        _turns[^1].Results.Add((id ?? "", blockIndex));
    }

    /// <summary>The first violation in Converse's words (model refusals prefixed), or null.</summary>
    public string? CheckConverse(bool toolsDeclared)
    {
        if (!Any)
        {
            return null;
        }

        if (!toolsDeclared)
        {
            return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
        }

        for (var i = 0; i < _turns.Count; i++)
        {
            var results = _turns[i].Results;
            if (results.Count > 0)
            {
                var uses = i > 0 ? _turns[i - 1].Uses : [];
                if (results.Count > uses.Count)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"The number of toolResult blocks at messages.{i}.content exceeds the number of toolUse blocks of previous turn.");
                }

                if (Unexpected(i, uses, results) is { } unexpected)
                {
                    return ThinkingRules.ModelErrorPrefix + unexpected;
                }
            }

            if (i > 0 && Unanswered(_turns[i - 1].Uses, results) is { Count: > 0 } missing)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Expected toolResult blocks at messages.{i}.content for the following Ids: {string.Join(", ", missing)}");
            }
        }

        return null;
    }

    /// <summary>The first violation in the Anthropic Messages API's words, or null.</summary>
    public string? CheckAnthropic(bool toolsDeclared)
    {
        if (!Any)
        {
            return null;
        }

        if (!toolsDeclared)
        {
            return "Requests which include `tool_use` or `tool_result` blocks must define tools.";
        }

        for (var i = 0; i < _turns.Count; i++)
        {
            var results = _turns[i].Results;
            if (results.Count > 0 && Unexpected(i, i > 0 ? _turns[i - 1].Uses : [], results) is { } unexpected)
            {
                return unexpected;
            }

            if (i > 0 && Unanswered(_turns[i - 1].Uses, results) is { Count: > 0 } missing)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"messages.{i - 1}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", missing)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.");
            }
        }

        return null;
    }

    /// <summary>
    /// With thinking on, the first violation in Anthropic's words (Converse prefixes them): a thinking
    /// block without a signature or with one that does not match its text, then the last assistant turn
    /// that called a tool not starting with its thinking block. Null when thinking is off.
    /// </summary>
    public string? CheckThinking(bool thinkingOn)
    {
        if (!thinkingOn)
        {
            return null;
        }

        for (var i = 0; i < _turns.Count; i++)
        {
            foreach (var (block, text, signature) in _turns[i].Thinking)
            {
                if (signature is null)
                {
                    return ThinkingRules.SignatureRequired(i, block);
                }

                if (!ThinkingSignature.Verifies(text, signature))
                {
                    return ThinkingRules.InvalidSignature(i, block);
                }
            }
        }

        var last = _turns.FindLastIndex(t => t.Assistant);
        return last >= 0 && _turns[last].Uses.Count > 0 && _turns[last].First is not ("thinking" or "redacted_thinking")
            ? ThinkingRules.ThinkingBlockMissing(last, _turns[last].First ?? "tool_use")
            : null;
    }

    private static string? Unexpected(int message, List<string> uses, List<(string Id, int Block)> results)
    {
        foreach (var (id, block) in results)
        {
            if (!uses.Contains(id))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"messages.{message}.content.{block}: unexpected `tool_use_id` found in `tool_result` blocks: {id}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
            }
        }

        return null;
    }

    private static List<string> Unanswered(List<string> uses, List<(string Id, int Block)> results)
    {
        var missing = new List<string>();
        foreach (var id in uses)
        {
            if (!results.Exists(r => r.Id == id))
            {
                missing.Add(id);
            }
        }

        return missing;
    }

    private sealed class Turn
    {
        public bool Assistant { get; init; }

        /// <summary>The Anthropic type of the message's first content block.</summary>
        public string? First { get; set; }

        public List<(int Block, string? Text, string? Signature)> Thinking { get; } = [];

        public List<string> Uses { get; } = [];

        public List<(string Id, int Block)> Results { get; } = [];
    }
}
