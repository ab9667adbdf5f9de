using System.Globalization;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// The reservation figures of a run in words, for every report: a per-group cell and, for each
/// workload <see cref="ReservationPressure.Throttles"/> marks, the sentence saying that its
/// reservation, not its consumption, is what throttles it.
/// </summary>
internal static class ReservationText
{
    /// <summary>"32x", or "–" when the reservation is not known.</summary>
    public static string Ratio(GroupSummary group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Reservation is { } r ? Fmt.Num(r.Ratio) + "x" : "–";
    }

    /// <summary>One sentence per workload throttled by its reservation, the largest ratio first.</summary>
    public static IReadOnlyList<string> Sentences(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.ByWorkload
            .Where(w => ReservationPressure.Throttles(w.Value))
            .OrderByDescending(w => w.Value.Reservation!.Ratio)
            .Select(w => Sentence(w.Key, w.Value))
            .ToList();
    }

    private static string Sentence(string workload, GroupSummary g)
    {
        var r = g.Reservation!;
        return string.Create(CultureInfo.InvariantCulture,
            $"Workload {workload} was throttled ({Fmt.Pct(g.ThrottleRate)}) by its reservation, not its consumption: admission reserved {Fmt.Int(r.ReservedPerRequest)} quota tokens per request (input + cache write + maxTokens, or the model's maximum output when it sends none) against {Fmt.Int(r.ConsumedPerRequest)} consumed, {Fmt.Num(r.Ratio)}x (above {Fmt.Invariant(ReservationPressure.Threshold)}x). A maxTokens nearer the real output lets about {Fmt.Num(r.Ratio)}x as many requests in at once on the same quota.");
    }
}
