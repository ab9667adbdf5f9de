using LoadTest.Bedrock.Wire;
using LoadTest.Core.Models;

namespace LoadTest.Bedrock.Client;

/// <summary>
/// What one logical call did, filled in as it happens: every attempt (seen by a pipeline handler,
/// not guessed), time to first byte and first token (from the call's start), the usage block and
/// the request id. For a stream it is complete once the enumeration ends or fails.
/// </summary>
public sealed class CallReport
{
    private readonly List<AttemptRecord> _attempts = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<AttemptRecord> Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts.ToArray();
            }
        }
    }

    public int AttemptCount
    {
        get
        {
            lock (_gate)
            {
                return _attempts.Count;
            }
        }
    }

    /// <summary>Response headers of the final attempt, from the call's start.</summary>
    public TimeSpan? TimeToFirstByte { get; set; }

    /// <summary>
    /// First output delta of a stream of any kind, thinking and tool input included (or the whole
    /// response for non-streaming calls), from the call's start.
    /// </summary>
    public TimeSpan? TimeToFirstToken { get; set; }

    /// <summary>
    /// First delta the application can show or act on: text or tool input, after any thinking
    /// (the whole response for non-streaming calls), from the call's start. Equal to
    /// <see cref="TimeToFirstToken"/> without thinking; null for a stream that produced none.
    /// </summary>
    public TimeSpan? TimeToFirstVisibleToken { get; set; }

    /// <summary>Thinking (reasoning) blocks in the answer.</summary>
    public int ThinkingBlocks { get; internal set; }

    /// <summary>UTF-8 bytes of the answer's thinking text.</summary>
    public int ThinkingTextBytes { get; internal set; }

    /// <summary>
    /// An estimate of the thinking tokens, null when the answer had no thinking. Bedrock does not
    /// split thinking out of <c>outputTokens</c> (they are included there), so this is the thinking
    /// text's length under the emulator's token rule (<see cref="TokenCounting"/>, 4 bytes a
    /// token): exact against the emulator, an approximation against Bedrock, whose tokenizer differs.
    /// </summary>
    public int? ThinkingTokensEstimate => ThinkingBlocks > 0 ? TokenCounting.ForUtf8Length(ThinkingTextBytes) : null;

    /// <summary>
    /// The answer's thinking blocks in order, text and signature as they came (streamed deltas joined),
    /// for the next turn of a conversation to send back. In memory only: never write them anywhere.
    /// </summary>
    public IReadOnlyList<ThinkingBlock> Thinking { get; internal set; } = [];

    /// <summary>The tools the answer called, in order (input JSON complete once the stream ended).</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; internal set; } = [];

    /// <summary>Embedding vectors in an embeddings answer (per embedding type asked for, the count of one type); null for other answers.</summary>
    public int? EmbeddingCount { get; internal set; }

    /// <summary>The dimension of an embeddings answer's vectors; null for other answers.</summary>
    public int? EmbeddingDimension { get; internal set; }

    /// <summary>From the call's start to its last byte.</summary>
    public TimeSpan? Duration { get; set; }

    public TokenUsage? Usage { get; set; }

    public string? RequestId { get; set; }

    /// <summary>The Region that served the request when the endpoint says (the emulator does; Bedrock records it only in CloudTrail).</summary>
    public string? InferenceRegion { get; set; }

    public string? StopReason { get; set; }

    /// <summary>
    /// For a stream: when each output delta (text, thinking, tool input) arrived, from the call's
    /// start, stamped when the socket read that completed its frame returned (before decoding), so a
    /// consumer's own delays do not shift it. The first is <see cref="TimeToFirstToken"/>;
    /// inter-token gaps are the differences.
    /// Empty for non-streaming calls.
    /// </summary>
    public IReadOnlyList<TimeSpan> DeltaArrivals { get; internal set; } = [];

    /// <summary>
    /// The call's start as a raw timestamp of the client's <see cref="TimeProvider"/> (with the
    /// system clock, Stopwatch ticks: CLOCK_MONOTONIC on Linux, comparable across processes).
    /// </summary>
    public long StartTimestamp { get; internal set; }

    /// <summary>
    /// Time this call waited in a retry profile's client-side rate limiter before its attempts
    /// (the user waits; the server never sees it). Null when the SDK's own pipeline retried
    /// (<see cref="Core.Retry.SdkFamily.Dotnet"/>), whose limiter does not say how long it waited.
    /// </summary>
    public TimeSpan? LimiterWait { get; internal set; }

    /// <summary>Time this call slept in backoff between attempts under a retry profile; null under the SDK's own retries.</summary>
    public TimeSpan? BackoffWait { get; internal set; }

    /// <summary>Events received on a stream (all types).</summary>
    public int EventCount { get; set; }

    public void AddAttempt(AttemptRecord attempt)
    {
        lock (_gate)
        {
            _attempts.Add(attempt);
        }
    }
}
