namespace LoadTest.Emulator.Generation;

/// <summary>
/// Model output made of plain ASCII filler, sized so that the emulator's own token rule
/// (4 UTF-8 bytes per token, <see cref="LoadTest.Bedrock.Models.TokenCounting"/>) counts exactly
/// the number of output tokens reported in usage.
/// </summary>
internal static class SyntheticText
{
    private const string Pattern = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt. ";

    /// <summary>Text of exactly <paramref name="tokens"/> tokens starting at token <paramref name="offsetTokens"/> of the output.</summary>
    public static string Tokens(int tokens, int offsetTokens = 0)
    {
        if (tokens <= 0)
        {
            return "";
        }

        return string.Create(tokens * 4, offsetTokens * 4, static (span, start) =>
        {
            var p = start % Pattern.Length;
            for (var i = 0; i < span.Length;)
            {
                var n = Math.Min(Pattern.Length - p, span.Length - i);
                Pattern.AsSpan(p, n).CopyTo(span[i..]);
                i += n;
                p = 0;
            }
        });
    }
}
