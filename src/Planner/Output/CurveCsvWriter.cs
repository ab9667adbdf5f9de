using CsvHelper;
using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Output;

/// <summary>Writes throttling-curve.csv: one row per model and load multiplier (camelCase header).</summary>
public static class CurveCsvWriter
{
    public static readonly string[] Header =
    [
        "model", "multiplier", "offeredRpm", "throttleRate", "attemptThrottleRate", "acceptedRpm", "offeredQuotaTpm",
        "acceptedQuotaTpm", "refusedQuotaTokenShare", "requests", "attempts", "throttled",
    ];

    public static void Write(TextWriter text, PlanResult plan)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(plan);
        using var csv = CsvWriter.Create(text, null, leaveOpen: true);
        csv.WriteHeader(Header);
        foreach (var m in plan.Models)
        {
            foreach (var p in m.Curve?.Points ?? [])
            {
                csv.WriteField(m.Id);
                csv.WriteField(p.Multiplier, "");
                csv.WriteField(Math.Round(p.OfferedRpm, 3), "");
                csv.WriteField(Math.Round(p.ThrottleRate, 6), "");
                csv.WriteField(Math.Round(p.AttemptThrottleRate, 6), "");
                csv.WriteField(Math.Round(p.AcceptedRpm, 3), "");
                csv.WriteField(Math.Round(p.OfferedQuotaTpm, 0), "");
                csv.WriteField(Math.Round(p.AcceptedQuotaTpm, 0), "");
                csv.WriteField(Math.Round(p.RefusedQuotaTokenShare, 6), "");
                csv.WriteField(p.Requests, "");
                csv.WriteField(p.Attempts, "");
                csv.WriteField(p.Throttled, "");
                csv.EndRecord();
            }
        }

        csv.Flush();
    }
}
