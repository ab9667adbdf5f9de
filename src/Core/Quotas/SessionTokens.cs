namespace LoadTest.Core.Quotas;

/// <summary>How one request's input divides: full-price input, cache reads (free) and cache writes (full price).</summary>
public readonly record struct InputSplit(long Input, long CacheRead, long CacheWrite)
{
    public long Total => Input + CacheRead + CacheWrite;
}

/// <summary>
/// The token arithmetic of a multi-turn session, the one home both the engine (what each turn
/// should cost) and the planner (quota per session) use. Every turn resends the fixed prefix
/// (system prompt and tool definitions) and the conversation so far, then adds its new content (a
/// user message or a tool result). With cache points after the prefix and on the last two user
/// turns, turn k reads from cache what turn k-1 wrote (the prefix and the conversation up to k-1's
/// new content) and writes the rest: k-1's answer and its own new content. Without cache points
/// everything is full-price input. Thinking is not carried into later turns (Claude drops earlier
/// turns' thinking blocks from the context).
/// </summary>
public static class SessionTokens
{
    /// <summary>
    /// One turn's input split.
    /// </summary>
    /// <param name="prefix">System prompt and tool definitions, the same on every turn.</param>
    /// <param name="conversationBefore">Tokens of the earlier turns: their new content and answers.</param>
    /// <param name="previousAnswer">The previous turn's answer (0 on the first turn).</param>
    /// <param name="newTokens">This turn's new content.</param>
    /// <param name="cachePoints">Whether the application puts cache points.</param>
    /// <param name="prefixCached">Whether the prefix is already in the cache on the first turn (another session wrote it).</param>
    public static InputSplit Turn(long prefix, long conversationBefore, long previousAnswer, long newTokens, bool cachePoints, bool prefixCached)
    {
        var total = prefix + conversationBefore + newTokens;
        if (!cachePoints)
        {
            return new InputSplit(total, 0, 0);
        }

        var read = conversationBefore > 0
            ? prefix + conversationBefore - previousAnswer
            : prefixCached ? prefix : 0;
        return new InputSplit(0, read, total - read);
    }
}
