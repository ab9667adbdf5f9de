namespace LoadTest.Core.Models;

/// <summary>
/// The built-in map of geography prefixes (us., eu., apac., jp., au., ca., us-gov.) to the AWS
/// Regions a geographic inference profile of that prefix routes within. The emulator routes by it
/// and the access evaluator names the foundation model in each of these Regions, so a request and
/// its authorization agree on where a geographic profile may run.
/// </summary>
public static class GeographyRegions
{
    private static readonly Dictionary<string, string[]> RegionsByGeography = new(StringComparer.Ordinal)
    {
        ["us"] = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
        ["ca"] = ["ca-central-1", "ca-west-1"],
        ["us-gov"] = ["us-gov-east-1", "us-gov-west-1"],
        ["eu"] = ["eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"],
        ["apac"] =
        [
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-2",
        ],
        ["jp"] = ["ap-northeast-1", "ap-northeast-3"],
        ["au"] = ["ap-southeast-2", "ap-southeast-4"],
    };

    /// <summary>The built-in Regions of a geography prefix, or empty for an unknown prefix.</summary>
    public static IReadOnlyList<string> RegionsOf(string geography)
        => RegionsByGeography.TryGetValue(geography, out var list) ? list : [];

    public static bool BelongsTo(string region, string geography)
        => RegionsByGeography.TryGetValue(geography, out var list) && Array.IndexOf(list, region) >= 0;

    /// <summary>
    /// The geography whose geographic profiles a caller in <paramref name="region"/> uses: the broad
    /// one (us, ca, us-gov, eu, apac; apac also for Japan and Australia, which have jp. and au. too);
    /// null for a Region in none (sa-, me-, af-...).
    /// </summary>
    public static string? BroadestOf(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        string[] broad = ["us", "ca", "us-gov", "eu", "apac"];
        return broad.FirstOrDefault(g => BelongsTo(region, g));
    }
}
