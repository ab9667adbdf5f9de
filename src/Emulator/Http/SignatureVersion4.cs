using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The arithmetic of AWS Signature Version 4: canonical request, string to sign, derived key and
/// signature. Pure functions; <see cref="SignatureVerifier"/> applies them to a request.
/// </summary>
internal static class SignatureVersion4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>
    /// The canonical request without its last line (the hashed payload): method, canonical URI (each path
    /// segment of the raw, already-encoded path encoded once more, as AWS does for every service but S3),
    /// canonical query, canonical headers and the signed-header list.
    /// </summary>
    public static string CanonicalRequestHead(string method, string rawTarget, IReadOnlyList<KeyValuePair<string, string>> signedHeaders)
    {
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rawTarget : rawTarget[..question];
        var query = question < 0 ? "" : rawTarget[(question + 1)..];
        var text = new StringBuilder();
        text.Append(method).Append('\n');
        text.Append(path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(Encode))).Append('\n');
        text.Append(CanonicalQuery(query)).Append('\n');
        foreach (var (name, value) in signedHeaders)
        {
            text.Append(name).Append(':').Append(value).Append('\n');
        }

        text.Append('\n').Append(string.Join(';', signedHeaders.Select(h => h.Key)));
        return text.ToString();
    }

    /// <summary>A header value as signed: trimmed, runs of spaces collapsed to one.</summary>
    public static string CanonicalValue(string value)
    {
        var text = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                space = true;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(c);
        }

        return text.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest)
        => $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        return Hmac(key, Terminator);
    }

    public static string Signature(byte[] signingKey, string stringToSign) => Hex(Hmac(signingKey, stringToSign));

    public static string PayloadHash(ReadOnlySequence<byte> body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var segment in body)
        {
            sha.AppendData(segment.Span);
        }

        return Hex(sha.GetHashAndReset());
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    /// <summary>Query parameters sorted by name then value, each encoded once (they arrive encoded, so decode first).</summary>
    private static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return "";
        }

        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p =>
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? p : p[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(p[(eq + 1)..]);
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it: unreserved characters kept, every other UTF-8 byte as %XX.</summary>
    private static string Encode(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                result.Append(c);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }
}
