using LoadTest.Config;

namespace LoadTest.Scenarios.Engine;

/// <summary>One request the engine decided to send: which workload and its token sizes (sampled, or a replayed row's own).</summary>
public sealed record PlannedRequest
{
    private readonly int? _maxTokens;
    private readonly int? _cachedPrefixTokens;

    public long Id { get; init; }

    public required WorkloadSpec Workload { get; init; }

    /// <summary>
    /// Uncached input tokens the synthetic prompt is built to: a session turn's new user text (the
    /// conversation it resends comes on top), every text of an embedding request together.
    /// </summary>
    public int InputTokens { get; init; }

    /// <summary>Visible output tokens asked for, beside any thinking (capped by what maxTokens leaves after the thinking).</summary>
    public int OutputTokens { get; init; }

    /// <summary>The workload's maxTokens unless the request has its own (a replayed row); null = send none.</summary>
    public int? MaxTokens
    {
        get => _maxTokens ?? Workload.MaxTokens;
        init => _maxTokens = value;
    }

    /// <summary>The workload's cached prefix unless the request has its own (a replayed row's cache-read + cache-write tokens).</summary>
    public int CachedPrefixTokens
    {
        get => _cachedPrefixTokens ?? Workload.CachedPrefixTokens;
        init => _cachedPrefixTokens = value;
    }

    /// <summary>The session this request is a turn of (null for single-turn workloads).</summary>
    public long? SessionId { get; init; }

    /// <summary>1-based turn within its session (1 for single-turn requests).</summary>
    public int Turn { get; init; } = 1;

    /// <summary>Thinking tokens the request is steered to produce (0 without thinking); <see cref="OutputTokens"/> is the visible part beside them.</summary>
    public int ThinkingTokens { get; init; }

    /// <summary>Turns of the session this request belongs to (1 for single-turn requests).</summary>
    public int SessionTurns { get; init; } = 1;

    /// <summary>
    /// The session's conversation so far, shared by its turns (null for single-turn requests): the
    /// sender builds the turn on it and adds the turn's question and answer once it succeeds.
    /// </summary>
    public SessionConversation? Conversation { get; init; }

    /// <summary>Whether the request asks for a tool call (its answer is then a tool_use the next turn answers).</summary>
    public bool CallsTool { get; init; }

    /// <summary>Tokens of each tool result this turn sends when the previous answer called tools (sampled for every turn, used only then).</summary>
    public int ToolResultTokens { get; init; }

    /// <summary>Texts of an embedding request (each <see cref="InputTokens"/> / Texts tokens); 0 for other requests.</summary>
    public int Texts { get; init; }

    /// <summary>The closed-model virtual user (1-based) that sends it; 0 for an open-model arrival, which is its own user.</summary>
    public int User { get; init; }
}
