namespace LoadTest.Emulator.Regions;

/// <summary>
/// A coarse inter-Region round-trip table (which Regions a geography holds is
/// <see cref="Core.Models.GeographyRegions"/>). Numbers are rough public-internet figures by
/// continent, good enough to make a request served far away visibly slower than one served in the
/// source Region.
/// </summary>
internal static class RegionGeography
{
    // Continent of each known Region, for the round-trip table.
    private static readonly Dictionary<string, Continent> ContinentByRegion = BuildContinents();

    private enum Continent
    {
        Unknown,
        NorthAmerica,
        SouthAmerica,
        Europe,
        MiddleEast,
        Africa,
        SouthAsia,
        SoutheastAsia,
        EastAsia,
        Oceania,
    }

    /// <summary>Approximate network round trip between two Regions.</summary>
    public static TimeSpan RoundTrip(string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return TimeSpan.Zero;
        }

        var a = ContinentByRegion.GetValueOrDefault(from);
        var b = ContinentByRegion.GetValueOrDefault(to);
        return TimeSpan.FromMilliseconds(Milliseconds(a, b));
    }

    private static int Milliseconds(Continent a, Continent b)
    {
        if (a == Continent.Unknown || b == Continent.Unknown)
        {
            return 100;
        }

        if (a == b)
        {
            return 25;
        }

        if (a > b)
        {
            (a, b) = (b, a);
        }

        return (a, b) switch
        {
            (Continent.NorthAmerica, Continent.SouthAmerica) => 120,
            (Continent.NorthAmerica, Continent.Europe) => 80,
            (Continent.NorthAmerica, Continent.MiddleEast) => 170,
            (Continent.NorthAmerica, Continent.Africa) => 220,
            (Continent.NorthAmerica, Continent.SouthAsia) => 200,
            (Continent.NorthAmerica, Continent.SoutheastAsia) => 210,
            (Continent.NorthAmerica, Continent.EastAsia) => 150,
            (Continent.NorthAmerica, Continent.Oceania) => 190,
            (Continent.Europe, Continent.MiddleEast) => 90,
            (Continent.Europe, Continent.Africa) => 150,
            (Continent.Europe, Continent.SouthAsia) => 120,
            (Continent.Europe, Continent.SoutheastAsia) => 160,
            (Continent.Europe, Continent.EastAsia) => 220,
            (Continent.Europe, Continent.Oceania) => 260,
            (Continent.SouthAsia, Continent.SoutheastAsia) => 60,
            (Continent.SouthAsia, Continent.EastAsia) => 110,
            (Continent.SouthAsia, Continent.Oceania) => 150,
            (Continent.SouthAsia, Continent.MiddleEast) => 40,
            (Continent.SoutheastAsia, Continent.EastAsia) => 70,
            (Continent.SoutheastAsia, Continent.Oceania) => 95,
            (Continent.EastAsia, Continent.Oceania) => 110,
            _ => 250,
        };
    }

    private static Dictionary<string, Continent> BuildContinents()
    {
        var map = new Dictionary<string, Continent>(StringComparer.Ordinal);
        void Add(Continent c, params string[] regions)
        {
            foreach (var r in regions)
            {
                map[r] = c;
            }
        }

        Add(Continent.NorthAmerica, "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "us-gov-east-1", "us-gov-west-1", "mx-central-1");
        Add(Continent.SouthAmerica, "sa-east-1");
        Add(Continent.Europe, "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2");
        Add(Continent.MiddleEast, "me-central-1", "me-south-1", "il-central-1");
        Add(Continent.Africa, "af-south-1");
        Add(Continent.SouthAsia, "ap-south-1", "ap-south-2");
        Add(Continent.SoutheastAsia, "ap-southeast-1", "ap-southeast-3", "ap-southeast-5", "ap-southeast-7");
        Add(Continent.EastAsia, "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-east-1", "ap-east-2");
        Add(Continent.Oceania, "ap-southeast-2", "ap-southeast-4", "ap-southeast-6");
        return map;
    }
}
