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
        => (utf8.Length + BytesPerToken - 1) / BytesPerToken;
}
