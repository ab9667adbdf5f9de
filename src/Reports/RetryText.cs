using System.Globalization;
using LoadTest.Results;

namespace LoadTest.Reports;

/// <summary>
/// How the reports and the console name a run's retry profile and its client-side effects: one
/// wording for the HTML and Markdown reports and the `run` summary table.
/// </summary>
public static class RetryText
{
    /// <summary>e.g. "adaptive as botocore (2026 rules), max 3 attempts, fail fast". Runs from before profiles read as dotnet.</summary>
    public static string Profile(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sdk = string.IsNullOrEmpty(settings.Sdk) ? "dotnet" : settings.Sdk;
        var rules = string.IsNullOrEmpty(settings.RetryRules) ? "" : $" ({settings.RetryRules} rules)";
        return string.Create(CultureInfo.InvariantCulture, $"{settings.RetryMode} as {sdk}{rules}, max {settings.MaxAttempts} attempts{(settings.FastFail ? ", fail fast" : "")}");
    }

    /// <summary>HTTP attempts per sent request, or null when the run did not record attempts (before schema 3) or sent nothing.</summary>
    public static double? AttemptsPerRequest(RequestCounts requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.Sent > 0 && requests.Attempts > 0 ? (double)requests.Attempts / requests.Sent : null;
    }

    /// <summary>
    /// The throttled requests split by who said no: "12 (9 by the server, 3 refused on the client)",
    /// or just the count when the client refused none.
    /// </summary>
    public static string Throttled(RequestCounts requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.ClientRefused > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Fmt.Int(requests.Throttled)} ({Fmt.Int(requests.Throttled - requests.ClientRefused)} by the server, {Fmt.Int(requests.ClientRefused)} refused on the client)")
            : Fmt.Int(requests.Throttled);
    }

    public const string LimiterWaitName = "client limiter wait";
}
