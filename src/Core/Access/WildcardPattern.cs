namespace LoadTest.Core.Access;

/// <summary>
/// An IAM wildcard pattern: <c>*</c> matches any run of characters (including none) and <c>?</c>
/// exactly one. Actions match without regard to case (<c>bedrock:invoke*</c> covers
/// <c>bedrock:InvokeModel</c>); resources and String*Like values match with it.
/// </summary>
public sealed record WildcardPattern(string Text, bool IgnoreCase)
{
    private readonly bool _literal = Text.AsSpan().IndexOfAny('*', '?') < 0;

    public bool Matches(string value) => _literal
        ? string.Equals(Text, value, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
        : Matches(Text, value, IgnoreCase);

    /// <summary>Glob match with one backtrack point per '*', linear in practice, no allocation.</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value, bool ignoreCase)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase)
        => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    public override string ToString() => Text;
}
