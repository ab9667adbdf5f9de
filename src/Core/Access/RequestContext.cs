namespace LoadTest.Core.Access;

/// <summary>
/// The condition keys of one authorization check and their values, e.g. <c>aws:RequestedRegion</c>
/// = <c>unspecified</c>. Keys are looked up without regard to case, as IAM does; a key that is not
/// here is absent from the request (negated operators and <c>...IfExists</c> then hold).
/// </summary>
public sealed class RequestContext
{
    public const string RequestedRegion = "aws:RequestedRegion";
    public const string InferenceProfileArn = "bedrock:InferenceProfileArn";

    /// <summary>The time of the request, ISO 8601 UTC (<c>aws:CurrentTime</c>), for time-boxed access.</summary>
    public const string CurrentTime = "aws:CurrentTime";

    /// <summary>The time of the request in seconds since the epoch (<c>aws:EpochTime</c>).</summary>
    public const string EpochTime = "aws:EpochTime";

    /// <summary>The value of <c>aws:RequestedRegion</c> when a request is not bound to one Region (the global foundation model).</summary>
    public const string UnspecifiedRegion = "unspecified";

    private readonly KeyValuePair<string, string[]>[] _entries;

    /// <summary>Keys every check of a request carries alike (its time): looked up, but not printed in a check's label.</summary>
    private readonly KeyValuePair<string, string[]>[] _ambient;

    private RequestContext(KeyValuePair<string, string[]>[] entries, KeyValuePair<string, string[]>[] ambient)
    {
        _entries = entries;
        _ambient = ambient;
    }

    public static RequestContext Of(params (string Key, string Value)[] entries)
        => new(entries.Select(e => new KeyValuePair<string, string[]>(e.Key, [e.Value])).ToArray(), []);

    /// <summary>Whether <paramref name="key"/> is one of the request-time keys <see cref="At"/> sets.</summary>
    public static bool IsTimeKey(string key)
        => string.Equals(key, CurrentTime, StringComparison.OrdinalIgnoreCase) || string.Equals(key, EpochTime, StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="at"/> as <c>aws:CurrentTime</c> carries it: ISO 8601, UTC, whole seconds.</summary>
    public static string TimeText(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>This context for a request made at <paramref name="at"/>: <c>aws:CurrentTime</c> and <c>aws:EpochTime</c> added.</summary>
    public RequestContext At(DateTimeOffset at) => new(_entries,
    [
        new(CurrentTime, [TimeText(at)]),
        new(EpochTime, [at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)]),
    ]);

    public IEnumerable<KeyValuePair<string, string[]>> Entries => _entries;

    /// <summary>The values of a key, or null when the request does not carry it.</summary>
    public string[]? ValuesOf(string key)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        foreach (var entry in _ambient)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>"aws:RequestedRegion = ap-south-1 and bedrock:InferenceProfileArn = arn:…".</summary>
    public override string ToString()
        => string.Join(" and ", _entries.Select(e => $"{e.Key} = {string.Join(", ", e.Value)}"));
}
