using System.Globalization;
using System.Text.RegularExpressions;

namespace LoadTest.Core.Models;

/// <summary>
/// How a request asks the emulator for a given output length, so the harness can produce a chosen
/// token mix. Two ways, the first found wins: the Converse <c>requestMetadata</c> key
/// <see cref="MetadataKey"/>, or a marker <c>[[loadtest:output-tokens=N]]</c> anywhere in the
/// prompt text (works for every API, including InvokeModel bodies). maxTokens still caps it.
/// Real Bedrock ignores both (the metadata key is a legal requestMetadata entry).
/// </summary>
public static partial class OutputSteering
{
    public const string MetadataKey = "loadtest-output-tokens";

    public static string Marker(int outputTokens) => string.Create(CultureInfo.InvariantCulture, $"[[loadtest:output-tokens={outputTokens}]]");

    public static int? FromText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var m = MarkerPattern().Match(text);
        return m.Success && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public static int? FromMetadata(IReadOnlyDictionary<string, string>? metadata)
        => metadata is not null && metadata.TryGetValue(MetadataKey, out var v)
           && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    [GeneratedRegex(@"\[\[loadtest:output-tokens=(\d{1,9})\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
