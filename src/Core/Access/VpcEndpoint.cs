namespace LoadTest.Core.Access;

/// <summary>
/// The interface VPC endpoint a call comes through: its ID (<c>aws:SourceVpce</c>) and, when
/// known, its VPC (<c>aws:SourceVpc</c>). Such a call carries no <c>aws:SourceIp</c>.
/// </summary>
public sealed record VpcEndpoint(string EndpointId, string? VpcId = null)
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>"vpce-" and 8 or 17 hex digits, as AWS writes endpoint IDs.</summary>
    public static bool IsEndpointId(string text) => HasHexId(text, "vpce-");

    /// <summary>"vpc-" and 8 or 17 hex digits.</summary>
    public static bool IsVpcId(string text) => HasHexId(text, "vpc-");

    private static bool HasHexId(string text, string prefix)
        => text.StartsWith(prefix, StringComparison.Ordinal)
            && text.Length - prefix.Length is 8 or 17
            && text.AsSpan(prefix.Length).IndexOfAnyExcept(LowerHex) < 0;

    public override string ToString() => VpcId is null ? EndpointId : $"{EndpointId} in {VpcId}";
}
