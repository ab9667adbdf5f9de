namespace LoadTest.Core.Quotas;

/// <summary>How one request's input divides: full-price input, cache reads (free) and cache writes (full price).</summary>
public readonly record struct InputSplit(long Input, long CacheRead, long CacheWrite)
{
    public long Total => Input + CacheRead + CacheWrite;
}

/// <summary>
/// The token arithmetic of a multi-turn session, the one home the planner and the tests of the
/// emulator's counting use. Every turn resends the fixed prefix (system prompt and tool definitions) and the
/// conversation so far, then adds its new content (a user message or a tool result). With cache
/// points after the prefix and on the last two user turns, turn k reads from cache what turn k-1
/// wrote (the prefix and the conversation up to k-1's new content) and writes the rest: k-1's
/// answer and its own new content. Without cache points everything is full-price input.
/// <para>
/// Thinking, as Claude keeps it (Anthropic's extended-thinking guide, "thinking block caching
/// behavior"): the thinking blocks of the current tool-use exchange, the answers since the last
/// user message that is not only tool results, are sent back and count as input; a new user message
/// strips all earlier thinking from the context. When the previous turn carried thinking, stripping
/// changes the conversation before that turn's cache point, so the question after a tool exchange
/// reads only the prefix from cache and writes the conversation again (<see cref="Session"/>).
/// </para>
/// </summary>
public static class SessionTokens
{
    /// <summary>
    /// A session turn by turn, thinking carried: call <see cref="Next"/> with each turn's new content,
    /// then <see cref="Answered"/> with its answer.
    /// </summary>
    /// <param name="prefix">System prompt and tool definitions, the same on every turn.</param>
    /// <param name="cachePoints">Whether the application puts cache points.</param>
    /// <param name="prefixCached">Whether the prefix is already in the cache on the first turn (another session wrote it).</param>
    public sealed class Session(long prefix, bool cachePoints, bool prefixCached)
    {
        private long _conversation;
        private long _carried;
        private long _lastAnswer;
        private long _lastThinking;
        private long _lastTotal;
        private int _turns;

        /// <summary>
        /// The split of the next turn, whose new content is <paramref name="newTokens"/>: a tool
        /// result (answering the previous answer's call) or, when <paramref name="toolResult"/> is
        /// false, a user message.
        /// </summary>
        public InputSplit Next(long newTokens, bool toolResult)
        {
            if (_turns > 0 && _lastAnswer < 0)
            {
                throw new InvalidOperationException("a turn was sent before the previous one was answered");
            }

            toolResult &= _turns > 0;
            var carried = toolResult ? _carried + _lastThinking : 0;
            var total = prefix + _conversation + newTokens + carried;
            InputSplit split;
            if (!cachePoints)
            {
                split = new InputSplit(total, 0, 0);
            }
            else
            {
                // A question strips the thinking the previous turn carried: if there was any, the
                // text before that turn's cache point changed and only the prefix still matches.
                var read = _turns == 0 ? (prefixCached ? prefix : 0)
                    : toolResult || _carried == 0 ? _lastTotal
                    : prefix;
                split = new InputSplit(0, read, total - read);
            }

            _conversation += newTokens;
            _carried = carried;
            _lastTotal = total;
            _lastAnswer = -1;
            _turns++;
            return split;
        }

        /// <summary>The answer to the turn just sent: <paramref name="answer"/> visible tokens (text and tool calls) after <paramref name="thinking"/> thinking tokens.</summary>
        public void Answered(long answer, long thinking)
        {
            _conversation += answer;
            _lastAnswer = answer;
            _lastThinking = thinking;
        }
    }
}
