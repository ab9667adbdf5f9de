namespace LoadTest.Core;

/// <summary>
/// The one spelling of <see cref="RetryMode"/> in scenarios.yaml, on the command line and in
/// the summary file: <c>none</c> (or <c>off</c>), <c>standard</c>, <c>adaptive</c>, in any case.
/// </summary>
public static class RetryModeText
{
    public const string Expected = "none, standard or adaptive";

    public static bool TryParse(string? text, out RetryMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "none" or "off":
                mode = RetryMode.None;
                return true;
            case "standard":
                mode = RetryMode.Standard;
                return true;
            case "adaptive":
                mode = RetryMode.Adaptive;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <summary>Parses, or throws a <see cref="ConfigException"/> naming <paramref name="where"/> (e.g. "--retry").</summary>
    public static RetryMode Parse(string text, string where)
        => TryParse(text, out var mode) ? mode : throw new ConfigException($"{where} should be {Expected}, got '{text}'");

    public static string ToText(RetryMode mode) => mode.ToString().ToLowerInvariant();
}
