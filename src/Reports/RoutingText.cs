using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>The sentence under the per-Region table of report.md and report.html, from the summary's routing and cost.</summary>
internal static class RoutingText
{
    /// <summary>Spill-over, 503s and cost in one line; null when the summary has neither routing nor cost.</summary>
    public static string? Sentence(RunSummary s)
    {
        var parts = new List<string>();
        if (s.Routing is { } r)
        {
            if (r.SpillOverShare is { } spill)
            {
                parts.Add($"{Fmt.Pct(spill)} of {Fmt.Int(r.Served)} served requests spilled over out of the source Region {r.SourceRegion}");
            }

            parts.Add($"{Fmt.Int(r.Unavailable)} requests ({Fmt.Pct(r.UnavailableShare)} of sent) ended ServiceUnavailableException (503: every Region the profile may use was full)");
        }

        if (s.Cost is { } c)
        {
            var perThousand = c.UsdPerRequest is { } per ? $" ({Fmt.Usd((double)(per * 1000))} per 1,000 requests)" : "";
            var scope = s.Settings.ProfileScope is { } p ? $", every model on its {p} profile (--profile-scope {p})" : "";
            parts.Add($"the tokens cost {Fmt.Usd((double)c.Usd)}{perThousand} at each profile's price{scope}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts) + ".";
    }
}
