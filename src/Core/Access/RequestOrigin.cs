using System.Net;

namespace LoadTest.Core.Access;

/// <summary>
/// When and from where a request is made: the condition keys every authorization check of it
/// carries alike, <c>aws:CurrentTime</c> / <c>aws:EpochTime</c> and <c>aws:SourceIp</c>.
/// </summary>
/// <param name="At">The time of the request.</param>
/// <param name="SourceIp">
/// The caller's public address as AWS sees it; null when the request carries no
/// <c>aws:SourceIp</c>, as a call through a VPC endpoint does (it carries <c>aws:VpcSourceIp</c>).
/// </param>
public sealed record RequestOrigin(DateTimeOffset At, IPAddress? SourceIp = null)
{
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
