using System.Net;

namespace LoadTest.Core.Access;

/// <summary>
/// When and from where a request is made: the condition keys every authorization check of it
/// carries alike, <c>aws:CurrentTime</c> / <c>aws:EpochTime</c>, and <c>aws:SourceIp</c> or
/// <c>aws:SourceVpce</c> / <c>aws:SourceVpc</c>.
/// </summary>
/// <param name="At">The time of the request.</param>
/// <param name="SourceIp">
/// The caller's public address as AWS sees it; null when the request carries no
/// <c>aws:SourceIp</c>, as a call through a VPC endpoint does.
/// </param>
/// <param name="Via">The interface VPC endpoint the call comes through; null over the internet or when not known.</param>
public sealed record RequestOrigin(DateTimeOffset At, IPAddress? SourceIp = null, VpcEndpoint? Via = null)
{
    /// <summary>A call comes over the internet from an address or through an endpoint, not both.</summary>
    public IPAddress? SourceIp { get; init; } = SourceIp is not null && Via is not null
        ? throw new ArgumentException("A call through a VPC endpoint carries no aws:SourceIp: give the address or the endpoint, not both.", nameof(SourceIp))
        : SourceIp;

    /// <summary>
    /// An address given on the command line or in scenarios.yaml: IPv4 or IPv6, one address, not
    /// a range; null when <paramref name="text"/> is not one.
    /// </summary>
    public static IPAddress? ParseAddress(string text)
        => !text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var address) && IsWritten(text, address) ? address : null;

    /// <summary>IPAddress.TryParse also reads "1" or "10.1" as IPv4 addresses; IAM and users mean four parts.</summary>
    internal static bool IsWritten(string text, IPAddress address)
        => address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || text.Count(c => c == '.') == 3;
}
