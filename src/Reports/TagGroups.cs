using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// The summary's per-tag groups (<see cref="RunSummary.ByTag"/>, keyed <c>key=value</c>) laid out one
/// table per tag key, so profiles tagged <c>tenant=...</c> read as a "Per tenant" table. Only
/// re-indexes the stored groups; every figure is the summary's.
/// </summary>
internal static class TagGroups
{
    public static IEnumerable<(string Key, IReadOnlyDictionary<string, GroupSummary> Groups)> ByKey(RunSummary summary)
    {
        if (summary.ByTag is not { Count: > 0 } byTag)
        {
            return [];
        }

        return byTag
            .Select(kv => (Tag: kv.Key, Group: kv.Value, Split: kv.Key.IndexOf('=', StringComparison.Ordinal)))
            .Where(t => t.Split > 0)
            .GroupBy(t => t.Tag[..t.Split], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyDictionary<string, GroupSummary>)g.ToDictionary(t => t.Tag[(t.Split + 1)..], t => t.Group, StringComparer.Ordinal)));
    }
}
