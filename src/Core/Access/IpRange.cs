using System.Globalization;
using System.Net;

namespace LoadTest.Core.Access;

/// <summary>
/// An IpAddress / NotIpAddress condition value: an IPv4 or IPv6 CIDR range (<c>203.0.113.0/24</c>,
/// <c>2001:db8::/32</c>) or one address (a /32 or /128). As IAM compares them, an address matches
/// a range of its own family whose first prefix-length bits it shares; IPv4 never matches an IPv6
/// range. Bits set past the prefix (<c>203.0.113.5/24</c>) are ignored.
/// </summary>
public readonly record struct IpRange(IPAddress Network, int PrefixLength)
{
    /// <summary>The range <paramref name="text"/> names, or null when it is not an address or a CIDR range.</summary>
    public static IpRange? Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || !RequestOrigin.IsWritten(addressText, address))
        {
            return null;
        }

        var bits = address.GetAddressBytes().Length * 8;
        if (slash < 0)
        {
            return new IpRange(address, bits);
        }

        var prefixText = text[(slash + 1)..];
        return prefixText.Length is > 0 and <= 3 && prefixText.All(char.IsAsciiDigit)
            && int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= bits
                ? new IpRange(address, prefix)
                : null;
    }

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != Network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = Network.GetAddressBytes();
        var whole = PrefixLength / 8;
        for (var i = 0; i < whole; i++)
        {
            if (a[i] != n[i])
            {
                return false;
            }
        }

        var rest = PrefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }

    public override string ToString() => $"{Network}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}
