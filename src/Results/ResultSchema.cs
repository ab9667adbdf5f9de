namespace LoadTest.Results;

/// <summary>
/// The version of a result folder's format. The summary's <c>schemaVersion</c> carries it and
/// governs the folder; each CSV file's header row names its own columns and must be one of the
/// headers this build knows, so a file is never read by guesswork.
/// <list type="bullet">
/// <item>1: every build before the Results codec. Its summary may lack error codes (written before
/// they were counted) and its per-second file lacks the quotaTpm and rpm columns; both are read,
/// and reports say what is missing instead of recomputing it.</item>
/// <item>2: the per-second file gains quotaTpm and rpm (the recorder's minute window, so a chart
/// equals the summary's peak); error codes are always recorded.</item>
/// <item>3: the per-request file gains limiterWaitMs, and the summary the retry profile
/// (settings.sdk, settings.retryRules), client-side refusals, attempts and limiter waits.</item>
/// <item>4: the per-request file gains sessionId, turn, firstVisibleTokenMs, thinkingTokens, toolCalls,
/// embeddings and stopReason; the summary, per workload, model and run, time to first visible
/// token, thinking, sessions, tool calls, cache-read share per turn and embeddings (each absent when
/// no request had it), and tokens.requests (the requests its totals cover).</item>
/// </list>
/// A version newer than <see cref="Current"/> (or below <see cref="Oldest"/>) is refused with a
/// <see cref="Core.ConfigException"/> (exit 2) that names the file and the version.
/// </summary>
public static class ResultSchema
{
    public const int Current = 4;

    public const int Oldest = 1;

    /// <summary>Summaries from version 2 on always record error codes (version 1 only when some request failed and the build counted them).</summary>
    public const int ErrorCodesAlwaysRecorded = 2;
}
