using System.Globalization;
using LoadTest.Results;
using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Output;

/// <summary>Writes throttling-curve.csv: one row per model and load multiplier (camelCase header; new columns go at the end).</summary>
public static class CurveCsvWriter
{
    public static readonly string[] Header =
    [
        "model", "multiplier", "offeredRpm", "throttleRate", "attemptThrottleRate", "acceptedRpm", "offeredQuotaTpm",
        "acceptedQuotaTpm", "refusedQuotaTokenShare", "requests", "attempts", "throttled",
        "serverThrottled", "clientRefused", "clientRefusalRate", "attemptsPerRequest", "limiterWaitP95Seconds",
    ];

    public static void Write(TextWriter text, PlanResult plan)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(plan);
        text.WriteLine(string.Join(',', Header));
        foreach (var m in plan.Models)
        {
            foreach (var p in m.Curve?.Points ?? [])
            {
                text.WriteLine(string.Join(',', CsvText.Field(m.Id), Number(p.Multiplier), Number(Math.Round(p.OfferedRpm, 3)),
                    Number(Math.Round(p.ThrottleRate, 6)), Number(Math.Round(p.AttemptThrottleRate, 6)), Number(Math.Round(p.AcceptedRpm, 3)),
                    Number(Math.Round(p.OfferedQuotaTpm, 0)), Number(Math.Round(p.AcceptedQuotaTpm, 0)), Number(Math.Round(p.RefusedQuotaTokenShare, 6)),
                    Number(p.Requests), Number(p.Attempts), Number(p.Throttled),
                    Number(p.ServerThrottled), Number(p.ClientRefused), Number(Math.Round(p.ClientRefusalRate, 6)),
                    Number(Math.Round(p.AttemptsPerRequest, 4)), Number(Math.Round(p.LimiterWaitP95Seconds, 3))));
            }
        }

        text.Flush();
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
