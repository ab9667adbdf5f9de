using System.Globalization;
using System.Text.RegularExpressions;

namespace LoadTest.Core.Models;

/// <summary>
/// How a request asks the emulator for a given answer, so the harness can produce a chosen token mix.
/// Output length: the Converse <c>requestMetadata</c> key <see cref="MetadataKey"/>, or a marker
/// <c>[[loadtest:output-tokens=N]]</c> anywhere in the prompt text (works for every API, including
/// InvokeModel bodies); maxTokens still caps it. Thinking tokens used (with thinking on):
/// <see cref="ThinkingMetadataKey"/> or <c>[[loadtest:thinking-tokens=N]]</c>, capped by the budget.
/// A tool call (with tools declared): <c>[[loadtest:tool-call]]</c> (the first tool) or
/// <c>[[loadtest:tool-call=NAME]]</c> in the last message. For each, the last text block with a
/// marker wins (the first marker within that block), so a conversation that carries earlier turns'
/// markers is steered by its newest turn.
/// Real Bedrock ignores all of them (the metadata keys are legal requestMetadata entries).
/// </summary>
public static partial class OutputSteering
{
    public const string MetadataKey = "loadtest-output-tokens";

    public const string ThinkingMetadataKey = "loadtest-thinking-tokens";

    /// <summary>What every marker starts with: a cheap test before any pattern runs.</summary>
    public const string MarkerPrefix = "[[loadtest:";

    /// <summary>The marker asking for a call of the first declared tool.</summary>
    public const string ToolCallMarker = "[[loadtest:tool-call]]";

    public static string Marker(int outputTokens) => string.Create(CultureInfo.InvariantCulture, $"[[loadtest:output-tokens={outputTokens}]]");

    public static string ThinkingMarker(int thinkingTokens) => string.Create(CultureInfo.InvariantCulture, $"[[loadtest:thinking-tokens={thinkingTokens}]]");

    /// <summary>The marker asking for a call of the named tool.</summary>
    public static string ToolCall(string toolName) => $"[[loadtest:tool-call={toolName}]]";

    public static int? FromText(string? text) => Count(text, OutputPattern());

    public static int? ThinkingFromText(string? text) => Count(text, ThinkingPattern());

    /// <summary>
    /// Whether <paramref name="text"/> asks for a tool call: null when it does not, "" for the first
    /// declared tool, else the tool's name.
    /// </summary>
    public static string? ToolCallFromText(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains(MarkerPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var m = ToolPattern().Match(text);
        return m.Success ? m.Groups[1].Value : null;
    }

    public static int? FromMetadata(IReadOnlyDictionary<string, string>? metadata) => Count(metadata, MetadataKey);

    public static int? ThinkingFromMetadata(IReadOnlyDictionary<string, string>? metadata) => Count(metadata, ThinkingMetadataKey);

    private static int? Count(string? text, Regex pattern)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var m = pattern.Match(text);
        return m.Success && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static int? Count(IReadOnlyDictionary<string, string>? metadata, string key)
        => metadata is not null && metadata.TryGetValue(key, out var v)
           && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    [GeneratedRegex(@"\[\[loadtest:output-tokens=(\d{1,9})\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex OutputPattern();

    [GeneratedRegex(@"\[\[loadtest:thinking-tokens=(\d{1,9})\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex ThinkingPattern();

    [GeneratedRegex(@"\[\[loadtest:tool-call(?:=([^\]]{1,64}))?\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex ToolPattern();
}
