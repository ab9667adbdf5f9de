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

    /// <summary>The caller's public address (<c>aws:SourceIp</c>); absent on calls through a VPC endpoint.</summary>
    public const string SourceIp = "aws:SourceIp";

    /// <summary>The interface VPC endpoint a call comes through (<c>aws:SourceVpce</c>).</summary>
    public const string SourceVpce = "aws:SourceVpce";

    /// <summary>The VPC of that endpoint (<c>aws:SourceVpc</c>).</summary>
    public const string SourceVpc = "aws:SourceVpc";

    /// <summary>Whether an AWS service made the call on the caller's behalf (<c>aws:ViaAWSService</c>): "false" for the application's own calls, every check carries it.</summary>
    public const string ViaAwsService = "aws:ViaAWSService";

    /// <summary>The value of <c>aws:RequestedRegion</c> when a request is not bound to one Region (the global foundation model).</summary>
    public const string UnspecifiedRegion = "unspecified";

    private readonly KeyValuePair<string, string[]>[] _entries;

    /// <summary>Keys every check of a request carries alike (its time and address): looked up, but not printed in a check's label.</summary>
    private readonly KeyValuePair<string, string[]>[] _ambient;

    private RequestContext(KeyValuePair<string, string[]>[] entries, KeyValuePair<string, string[]>[] ambient)
    {
        _entries = entries;
        _ambient = ambient;
    }

    /// <summary>The application's own call, not one an AWS service makes for it.</summary>
    private static readonly KeyValuePair<string, string[]> DirectCall = new(ViaAwsService, ["false"]);

    public static RequestContext Of(params (string Key, string Value)[] entries)
        => new(entries.Select(e => new KeyValuePair<string, string[]>(e.Key, [e.Value])).ToArray(), [DirectCall]);

    /// <summary>Whether <paramref name="key"/> is one of the request-time keys <see cref="From"/> sets.</summary>
    public static bool IsTimeKey(string key)
        => string.Equals(key, CurrentTime, StringComparison.OrdinalIgnoreCase) || string.Equals(key, EpochTime, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="key"/> says where the call comes from: <c>aws:SourceIp</c>, <c>aws:SourceVpce</c> or <c>aws:SourceVpc</c>.</summary>
    public static bool IsNetworkKey(string key)
        => string.Equals(key, SourceIp, StringComparison.OrdinalIgnoreCase)
            || string.Equals(key, SourceVpce, StringComparison.OrdinalIgnoreCase)
            || string.Equals(key, SourceVpc, StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="at"/> as <c>aws:CurrentTime</c> carries it: ISO 8601, UTC, whole seconds.</summary>
    public static string TimeText(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// This context for a request from <paramref name="origin"/>: <c>aws:CurrentTime</c> and
    /// <c>aws:EpochTime</c> added, <c>aws:SourceIp</c> when the origin has an address, and
    /// <c>aws:SourceVpce</c> (and <c>aws:SourceVpc</c>) when it comes through an endpoint.
    /// </summary>
    public RequestContext From(RequestOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        List<KeyValuePair<string, string[]>> ambient =
        [
            DirectCall,
            new(CurrentTime, [TimeText(origin.At)]),
            new(EpochTime, [origin.At.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        ];
        if (origin.SourceIp is { } address)
        {
            ambient.Add(new(SourceIp, [address.ToString()]));
        }

        if (origin.Via is { } endpoint)
        {
            ambient.Add(new(SourceVpce, [endpoint.EndpointId]));
            if (endpoint.VpcId is { } vpc)
            {
                ambient.Add(new(SourceVpc, [vpc]));
            }
        }

        return new(_entries, ambient.ToArray());
    }

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
