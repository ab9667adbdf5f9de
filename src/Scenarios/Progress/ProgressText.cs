using System.Globalization;
using LoadTest.Scenarios.Measurement;

namespace LoadTest.Scenarios.Progress;

/// <summary>The one-line form of a progress snapshot, shared by the plain and the live display.</summary>
public static class ProgressText
{
    public static string Line(ProgressSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var quota = s.QuotaTpmLimit is > 0 and var limit
            ? string.Create(CultureInfo.InvariantCulture, $"{Compact(s.QuotaTpm)}/{Compact(limit)} ({s.QuotaTpm / limit:P0})")
            : Compact(s.QuotaTpm);
        var phase = s.Draining ? "draining" : $"phase {s.PhaseIndex + 1}/{s.PhaseCount} {s.Phase}";
        var throttled = Throttled(s);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{Clock(s.Elapsed)}/{Clock(s.Total)}] {phase} | rpm offered {s.OfferedRpm:0} achieved {s.AchievedRpm:0} | in-flight {s.InFlight} | p95 ttft {s.TtftP95Ms:0}ms | ok {s.Ok} throttled {throttled} failed {s.Failed} dropped {s.Dropped} | quota tpm {quota}{Harness(s)}");
    }

    /// <summary>" | HARNESS SATURATED lag 48 ms cpu 97%" while the harness's own delay could distort the figures; else nothing.</summary>
    public static string Harness(ProgressSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Harness is { Saturated: true } h
            ? string.Create(CultureInfo.InvariantCulture, $" | HARNESS SATURATED lag {h.LagMs:0} ms cpu {h.Cpu:P0}")
            : "";
    }

    /// <summary>"57 (31 attempts)", and ", 40 refused by the SDK" when its adaptive rate limiter refused some.</summary>
    public static string Throttled(ProgressSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.ClientRateLimited > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{s.Throttled} ({s.ThrottledAttempts} attempts, {s.ClientRateLimited} refused by the SDK)")
            : string.Create(CultureInfo.InvariantCulture, $"{s.Throttled} ({s.ThrottledAttempts} attempts)");
    }

    public static string Clock(TimeSpan t)
        => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    public static string Compact(double value) => value switch
    {
        >= 1e9 => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0", CultureInfo.InvariantCulture),
    };
}
