using LoadTest.Core.Models;

namespace LoadTest.Planner.Output;

/// <summary>
/// The Service Quotas names of a profile's quotas, e.g. "Global cross-Region model inference
/// tokens per minute for Anthropic Claude Sonnet 4.5 V1". Geographic profiles use
/// "Cross-Region model inference ...", base models "On-demand model inference ...".
/// </summary>
public static class QuotaNames
{
    public static string TokensPerMinute(string scope, string displayName) => Name(scope, "tokens per minute", displayName);

    public static string RequestsPerMinute(string scope, string displayName) => Name(scope, "requests per minute", displayName);

    public static string TokensPerDay(string scope, string displayName) => Name(scope, "tokens per day", displayName);

    public static string Prefix(string scope) => scope switch
    {
        "global" => "Global cross-Region model inference",
        "geographic" => "Cross-Region model inference",
        _ => "On-demand model inference",
    };

    public static string Name(string scope, string what, string displayName) => $"{Prefix(scope)} {what} for {displayName}";

    public static string Name(ProfileScope scope, string what, string displayName)
        => Name(Requirements.CapacityPlanner.ScopeName(scope), what, displayName);
}
