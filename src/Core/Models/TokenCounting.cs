using System.Text;

namespace LoadTest.Core.Models;

/// <summary>
/// The emulator's documented, deterministic token count: one token per 4 UTF-8 bytes of each text
/// block, rounded up. The engine builds synthetic prompts to a sampled size with the same rule, so
/// the emulator counts exactly what the harness meant to send.
/// </summary>
public static class TokenCounting
{
    public const int BytesPerToken = 4;

    public static int Count(string? text)
        => string.IsNullOrEmpty(text) ? 0 : (Encoding.UTF8.GetByteCount(text) + BytesPerToken - 1) / BytesPerToken;

    public static int Count(ReadOnlySpan<byte> utf8)
        => ForUtf8Length(utf8.Length);

    /// <summary>The count for text of this many UTF-8 bytes (text seen in pieces, counted once).</summary>
    public static int ForUtf8Length(int utf8Bytes)
        => (utf8Bytes + BytesPerToken - 1) / BytesPerToken;
}
