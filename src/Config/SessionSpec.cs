namespace LoadTest.Config;

/// <summary>
/// Multi-turn sessions: each session sends <see cref="Turns"/> requests in order, every one carrying
/// the conversation so far (earlier user turns, answers and tool results), with cache points where an
/// application puts them when <see cref="CachePoints"/> is on, and <see cref="ThinkTime"/> between turns.
/// An open-model arrival starts a session; a closed-model user runs sessions back to back.
/// </summary>
public sealed record SessionSpec
{
    /// <summary>The most turns a session may run: the limit on <see cref="Turns"/> and its p95, checked at load, and the cap on a sample.</summary>
    public const int MaxTurns = 1_000;

    /// <summary>Requests per session: 1 to <see cref="MaxTurns"/> (its p95 too, checked at load; a sample above it is to be capped).</summary>
    public required TokenDistribution Turns { get; init; }

    /// <summary>The pause between an answer and the next turn of the same session.</summary>
    public TimeSpan ThinkTime { get; init; }

    /// <summary>
    /// Cache points after the system prompt and tool definitions and on the last two user turns
    /// (so each turn reads the conversation the previous one wrote); false sends none.
    /// </summary>
    public bool CachePoints { get; init; } = true;
}
