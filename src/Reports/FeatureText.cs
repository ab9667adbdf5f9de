using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// The sessions, thinking, tools and cache figures of the summary (<see cref="RequestFeatures"/>)
/// as table cells, the same columns in every report. Reads what the summary holds; derives nothing.
/// Only groups that had one of these features get a row, so plain single-turn workloads add nothing.
/// </summary>
internal static class FeatureText
{
    public const string Title = "Sessions, thinking and tools";

    public static readonly IReadOnlyList<string> Columns =
    [
        "p95 TTFT", "p95 TTFVT", "thinking / request", "thinking share of quota", "quota / request", "sessions",
        "turns (mean · p95)", "tool calls", "cache-read share", "embeddings",
    ];

    /// <summary>The groups with any of the features, most requests first.</summary>
    public static IReadOnlyList<KeyValuePair<string, GroupSummary>> Groups(IReadOnlyDictionary<string, GroupSummary> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return groups.Where(g => g.Value.Features is not null).OrderByDescending(g => g.Value.Sent).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>One cell per <see cref="Columns"/> entry; "–" where the group has no such figure.</summary>
    public static IReadOnlyList<string> Cells(GroupSummary g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var f = g.Features ?? new RequestFeatures();
        return
        [
            Ms(g.TtftMs),
            Ms(g.TtfvtMs),
            f.Thinking is { } t ? Fmt.Num(t.PerRequest, 0) : "–",
            f.Thinking is { } share ? Fmt.Pct(share.QuotaShare) : "–",
            g.Tokens.QuotaPerRequest is { } q ? Fmt.Int(q) : "–",
            f.Sessions is { } s ? Fmt.Int(s.Count) : "–",
            f.Sessions is { } turns ? $"{Fmt.Num(turns.TurnsMean)} · {Fmt.Num(turns.TurnsP95, 0)}" : "–",
            ToolCalls(f),
            f.CacheReadShare is { } c ? Fmt.Pct(c.Overall) : "–",
            f.Embeddings is { } e ? Fmt.Int(e) : "–",
        ];
    }

    /// <summary>"1: 0% · 2: 64% · … · 20+: 91%": the cache-read share of each turn index.</summary>
    public static string ByTurn(CacheReadShare cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return string.Join(" · ", cache.ByTurn.Select(t => $"{TurnLabel(t.Turn)}: {Fmt.Pct(t.Share)}"));
    }

    /// <summary>"7", or "20+" for the last index, which also holds every later turn.</summary>
    public static string TurnLabel(int turn) => turn >= CacheReadShare.MaxTurn ? $"{CacheReadShare.MaxTurn}+" : turn.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ToolCalls(RequestFeatures f) => (f.ToolCalls, f.Sessions) switch
    {
        (null, null) => "–",
        (var calls, { } s) => $"{Fmt.Int(calls ?? 0)} · {Fmt.Num(s.ToolCallsPerSession)} / session",
        ({ } calls, null) => Fmt.Int(calls),
    };

    private static string Ms(Percentiles? p) => p is { Count: > 0 } ? Fmt.Ms(p.P95) : "–";
}
