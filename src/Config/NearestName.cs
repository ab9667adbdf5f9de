namespace LoadTest.Config;

/// <summary>
/// The closest of a set of names to a mistyped one, for "did you mean" hints. Distance is the
/// optimal-string-alignment form of Damerau-Levenshtein (a swap of two neighbours counts as one
/// edit, as in <c>maxTokesn</c>), compared without case.
/// </summary>
public static class NearestName
{
    /// <summary>
    /// The candidate nearest to <paramref name="given"/>, or null when none is close: at most a
    /// third of the longer name's letters may differ (and at least one edit is always allowed).
    /// </summary>
    public static string? Find(string given, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            var allowed = Math.Max(1, Math.Max(given.Length, candidate.Length) / 3);
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>" did you mean 'x'?" when a candidate is close, else empty.</summary>
    public static string Hint(string given, IEnumerable<string> candidates)
        => Find(given, candidates) is { } near ? $"; did you mean '{near}'?" : "";

    /// <summary>Edits (insert, delete, substitute, swap neighbours) turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
