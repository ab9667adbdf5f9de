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

    /// <summary>The value of <c>aws:RequestedRegion</c> when a request is not bound to one Region (the global foundation model).</summary>
    public const string UnspecifiedRegion = "unspecified";

    private readonly KeyValuePair<string, string[]>[] _entries;

    private RequestContext(KeyValuePair<string, string[]>[] entries) => _entries = entries;

    public static RequestContext Of(params (string Key, string Value)[] entries)
        => new(entries.Select(e => new KeyValuePair<string, string[]>(e.Key, [e.Value])).ToArray());

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

        return null;
    }

    /// <summary>"aws:RequestedRegion = ap-south-1 and bedrock:InferenceProfileArn = arn:…".</summary>
    public override string ToString()
        => string.Join(" and ", _entries.Select(e => $"{e.Key} = {string.Join(", ", e.Value)}"));
}
