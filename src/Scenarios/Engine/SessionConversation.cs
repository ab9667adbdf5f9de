using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Scenarios.Engine;

/// <summary>
/// One session's conversation as its next turn resends it: every earlier question (user text or
/// tool results) and answer, in Converse's shape (the invoke bodies are made from it), without cache
/// points (each turn puts its own). A turn's messages are added once, when it succeeds, and never
/// rebuilt, so the carried history is byte-identical from turn to turn, as a prompt cache needs.
/// Turns of a session run one after another, never at once, so it needs no lock. Synthetic text and
/// what the model answered, the signed thinking blocks included (Claude refuses the turn after a tool
/// call without them): in memory only, nothing of it reaches a log or a result file.
/// </summary>
public sealed class SessionConversation
{
    private readonly List<Message> _messages = [];

    /// <summary>The messages of the turns so far, alternating user and assistant.</summary>
    public IReadOnlyList<Message> Messages => _messages;

    /// <summary>The tool calls of the last answer, which the next turn answers with tool results; empty when it called none.</summary>
    public IReadOnlyList<ToolCall> PendingToolCalls { get; private set; } = [];

    /// <summary>Adds a successful turn: its question (cache points dropped) and its answer.</summary>
    public void Add(Message question, Message answer, IReadOnlyList<ToolCall> toolCalls)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        _messages.Add(question with { Content = question.Content.Where(b => b.CachePoint is null).ToList() });
        _messages.Add(answer);
        PendingToolCalls = toolCalls ?? [];
    }
}
