using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LoadTest.Config;
using LoadTest.Emulator.Faults;
using Microsoft.AspNetCore.Http;

namespace LoadTest.Emulator.Http;

/// <summary>
/// Verifies AWS Signature Version 4 when <c>emulator.verifySignature</c> lists keys, answering as AWS does:
/// 403 MissingAuthenticationTokenException (no Authorization), IncompleteSignatureException (a part
/// missing or malformed), UnrecognizedClientException (unknown access key), InvalidSignatureException
/// (wrong scope, X-Amz-Date more than 5 minutes off the emulator's clock, or a signature that does not
/// match). The headers are checked before anything else; the signature itself once the body is read,
/// over the SHA-256 of the bytes that actually arrived.
/// </summary>
internal sealed class SignatureVerifier
{
    public const string Service = "bedrock";
    public const string Missing = "Missing Authentication Token";
    public const string UnknownKey = "The security token included in the request is invalid.";
    public const string Mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, string> _secrets;

    public SignatureVerifier(IReadOnlyList<SigningKey> keys)
    {
        _secrets = keys.ToDictionary(k => k.AccessKeyId, k => k.SecretAccessKey, StringComparer.Ordinal);
    }

    /// <summary>A request whose headers passed: what remains is to hash the body and compare.</summary>
    internal sealed record SignedRequest(string CanonicalHead, string AmzDate, string Scope, byte[] SigningKey, string Signature);

    /// <summary>Checks the Authorization header, credential scope, key and date; returns the error, or null and the request to finish.</summary>
    public BedrockError? CheckHeaders(HttpRequest request, string rawTarget, DateTimeOffset now, out SignedRequest? signed)
    {
        signed = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return Error(BedrockErrors.MissingAuthenticationToken, Missing);
        }

        if (!authorization.StartsWith(SignatureVersion4.Algorithm + " ", StringComparison.Ordinal))
        {
            return Error(BedrockErrors.IncompleteSignature, $"Authorization header requires '{SignatureVersion4.Algorithm}' as its algorithm (LoadTest emulator: only Signature Version 4 in the Authorization header is accepted).");
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in authorization[(SignatureVersion4.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parts[part[..eq]] = part[(eq + 1)..];
            }
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var incomplete = new StringBuilder();
        foreach (var name in (string[])["Credential", "Signature", "SignedHeaders"])
        {
            if (!parts.TryGetValue(name, out var value) || value.Length == 0)
            {
                incomplete.Append(CultureInfo.InvariantCulture, $"Authorization header requires '{name}' parameter. ");
            }
        }

        if (amzDate.Length == 0)
        {
            incomplete.Append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }

        if (incomplete.Length > 0)
        {
            return Error(BedrockErrors.IncompleteSignature, incomplete.ToString().TrimEnd());
        }

        var credential = parts["Credential"].Split('/');
        if (credential.Length != 5)
        {
            return Error(BedrockErrors.IncompleteSignature, $"Credential should have 5 slash-separated parts (key/date/region/service/aws4_request), not {credential.Length}.");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, SignatureVersion4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return Error(BedrockErrors.IncompleteSignature, $"X-Amz-Date '{amzDate}' is not an ISO-8601 basic date such as 20150830T123600Z.");
        }

        var (keyId, date, region, service, terminator) = (credential[0], credential[1], credential[2], credential[3], credential[4]);
        if (service != Service)
        {
            return Error(BedrockErrors.InvalidSignature, $"Credential should be scoped to correct service: '{Service}'.");
        }

        if (terminator != SignatureVersion4.Terminator)
        {
            return Error(BedrockErrors.InvalidSignature, $"Credential should be scoped with a valid terminator: '{SignatureVersion4.Terminator}', not '{terminator}'.");
        }

        if (date != amzDate[..8])
        {
            return Error(BedrockErrors.InvalidSignature, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{amzDate[..8]}', from '{amzDate}'.");
        }

        if (!_secrets.TryGetValue(keyId, out var secret))
        {
            return Error(BedrockErrors.UnrecognizedClient, UnknownKey);
        }

        if (signedAt < now - Skew)
        {
            return Error(BedrockErrors.InvalidSignature, $"Signature expired: {amzDate} is now earlier than {Format(now - Skew)} ({Format(now)} - 5 min.)");
        }

        if (signedAt > now + Skew)
        {
            return Error(BedrockErrors.InvalidSignature, $"Signature not yet current: {amzDate} is still later than {Format(now + Skew)} ({Format(now)} + 5 min.)");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in parts["SignedHeaders"].Split(';'))
        {
            // The JavaScript SDK's HTTP/2 handler signs the :authority pseudo-header, which Kestrel hands over as Host.
            var values = name == ":authority" ? request.Headers.Host : request.Headers[name];
            headers.Add(new(name, string.Join(',', values.Select(v => SignatureVersion4.CanonicalValue(v ?? "")))));
        }

        var head = SignatureVersion4.CanonicalRequestHead(request.Method, rawTarget, headers);
        var scope = $"{date}/{region}/{service}/{terminator}";
        signed = new SignedRequest(head, amzDate, scope, SignatureVersion4.SigningKey(secret, date, region, service), parts["Signature"]);
        return null;
    }

    /// <summary>Finishes the check over the body that arrived; InvalidSignatureException when it does not match.</summary>
    public static BedrockError? CheckBody(SignedRequest signed, ReadOnlySequence<byte> body)
    {
        var canonical = signed.CanonicalHead + "\n" + SignatureVersion4.PayloadHash(body);
        var expected = SignatureVersion4.Signature(signed.SigningKey, SignatureVersion4.StringToSign(signed.AmzDate, signed.Scope, canonical));
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signed.Signature));
        return matches ? null : Error(BedrockErrors.InvalidSignature, Mismatch);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(SignatureVersion4.DateFormat, CultureInfo.InvariantCulture);

    private static BedrockError Error(string type, string message) => new(403, type, message);
}
