namespace LoadTest.Emulator.Generation;

/// <summary>
/// Model output made of plain ASCII filler, sized so that the emulator's own token rule
/// (4 UTF-8 bytes per token, <see cref="LoadTest.Core.Models.TokenCounting"/>) counts exactly
/// the number of output tokens reported in usage.
/// </summary>
internal static class SyntheticText
{
    private const string Pattern = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt. ";

    /// <summary>How many different texts <see cref="Tokens"/> gives for one length: it depends on the offset only through <see cref="Phase"/>.</summary>
    public static int Phases => Pattern.Length;

    /// <summary>Where in the repeating filler the text at token <paramref name="offsetTokens"/> starts.</summary>
    public static int Phase(int offsetTokens) => (int)((offsetTokens * 4L) % Pattern.Length);

    /// <summary>Text of exactly <paramref name="tokens"/> tokens starting at token <paramref name="offsetTokens"/> of the output.</summary>
    public static string Tokens(int tokens, int offsetTokens = 0)
    {
        if (tokens <= 0)
        {
            return "";
        }

        return string.Create(tokens * 4, Phase(offsetTokens), static (span, p) =>
        {
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
