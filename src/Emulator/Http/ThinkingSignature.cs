using System.Security.Cryptography;
using System.Text;
using LoadTest.Emulator.Generation;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The signature on a thinking block the emulator answers with, and its check when a client sends the
/// block back. Claude's signature is opaque base64 that Bedrock checks against the thinking text ("a
/// hash of all the messages in the conversation and a safeguard against tampering", Bedrock user guide,
/// Converse reasoningContent); the emulator's is 32 bytes of nonce from the request's random stream
/// then HMAC-SHA256 over the nonce and the thinking text's UTF-8, so it is deterministic for a seed,
/// carries no tokens, and verifies without any state: a block edited, truncated or signed by someone
/// else fails. The key is the same for every emulator process, so a block one shard of a sharded run
/// issued verifies at another.
/// </summary>
internal static class ThinkingSignature
{
    private const int NonceBytes = 32;
    private const int MacBytes = 32;

    private static readonly byte[] Key = Encoding.ASCII.GetBytes("loadtest-emulator-thinking-signature-v1");

    /// <summary>A signature for <paramref name="thinkingText"/>, its nonce drawn from the request's random stream.</summary>
    public static string Issue(string thinkingText, ref RequestRandom random)
    {
        Span<byte> signature = stackalloc byte[NonceBytes + MacBytes];
        for (var i = 0; i < NonceBytes; i += 8)
        {
            BitConverter.TryWriteBytes(signature[i..], random.NextUInt64());
        }

        Mac(signature[..NonceBytes], thinkingText, signature[NonceBytes..]);
        return Convert.ToBase64String(signature);
    }

    /// <summary>Whether <paramref name="signature"/> is one the emulator issued for exactly <paramref name="thinkingText"/>.</summary>
    public static bool Verifies(string? thinkingText, string? signature)
    {
        if (thinkingText is null || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[NonceBytes + MacBytes + 3];
        if (!Convert.TryFromBase64String(signature, decoded, out var written) || written != NonceBytes + MacBytes)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(decoded[..NonceBytes], thinkingText, expected);
        return CryptographicOperations.FixedTimeEquals(expected, decoded.Slice(NonceBytes, MacBytes));
    }

    /// <summary>
    /// Computes one signature so the platform's HMAC (OpenSSL on Linux) is loaded before the first
    /// request rather than inside the first thinking answer, whose paced deltas would then wait for it.
    /// </summary>
    public static void Warm()
    {
        Span<byte> mac = stackalloc byte[MacBytes];
        Mac(stackalloc byte[NonceBytes], "", mac);
    }

    private static void Mac(ReadOnlySpan<byte> nonce, string text, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);
        hmac.AppendData(nonce);
        hmac.AppendData(Encoding.UTF8.GetBytes(text));
        hmac.GetHashAndReset(destination);
    }
}
