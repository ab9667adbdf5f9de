using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LoadTest.Emulator.Faults;

namespace LoadTest.Emulator.ControlPlane;

/// <summary>
/// The input rules of the inference-profile operations as Bedrock's API reference states them (name,
/// token, identifier and model-source patterns, length limits, 200 tags a resource) and the errors in
/// Bedrock's wording, so the registry only decides what a valid request does.
/// </summary>
internal static partial class ControlPlaneRules
{
    /// <summary>Bedrock's documented cap on tags per resource.</summary>
    public const int MaxTags = 200;

    private const string NamePattern = "([0-9a-zA-Z][ _-]?)+";
    private const string TokenPattern = "[a-zA-Z0-9](-*[a-zA-Z0-9])*";
    private const string IdentifierPattern = "(arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|application-inference-profile)/)?[a-zA-Z0-9-:.]+";
    private const string CopyFromPattern = "arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)/[a-zA-Z0-9-:.]+";

    public static BedrockError NotFound(string identifier)
        => new(404, "ResourceNotFoundException", $"The specified inference profile '{identifier}' was not found. Check the Amazon Resource Name (ARN) and try your request again.");

    public static BedrockError TooManyTags(string resource)
        => new(400, "TooManyTagsException", $"The request contains more tag keys than can be associated with a resource ({MaxTags} tag keys per resource): {resource}");

    public static BedrockError Constraint(string member, string? value, string constraint)
        => BedrockError.Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static BedrockError? Invalid(string member, string? value, int min, int max, Regex pattern)
    {
        if (value is null)
        {
            return BedrockError.Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
        }

        if (value.Length < min || value.Length > max)
        {
            return Constraint(member, value, string.Create(CultureInfo.InvariantCulture, $"Member must have length between {min} and {max}"));
        }

        return pattern.IsMatch(value) ? null : Constraint(member, value, $"Member must satisfy regular expression pattern: {pattern}");
    }

    public static BedrockError? CheckTags(List<TagEntry>? tags, List<KeyValuePair<string, string>> into, int existing, string resource)
    {
        if (tags is null)
        {
            return null;
        }

        if (existing + tags.Count > MaxTags)
        {
            return TooManyTags(resource);
        }

        foreach (var tag in tags)
        {
            if (tag.Key is null || tag.Key.Length is < 1 or > 128)
            {
                return Constraint("tags.member.key", tag.Key, "Member must have length between 1 and 128");
            }

            if (tag.Value is null || tag.Value.Length > 256)
            {
                return Constraint("tags.member.value", tag.Value, "Member must have length between 0 and 256");
            }

            into.Add(new(tag.Key, tag.Value));
        }

        return null;
    }

    public static string WriteToken(int offset) => Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"offset:{offset}")));

    public static bool TryReadToken(string token, out int offset)
    {
        offset = 0;
        Span<byte> bytes = stackalloc byte[64];
        if (token.Length > 64 || !Convert.TryFromBase64String(token, bytes, out var written))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(bytes[..written]);
        return text.StartsWith("offset:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }

    [GeneratedRegex("^" + NamePattern + "$")]
    public static partial Regex NameRegex();

    [GeneratedRegex("^" + TokenPattern + "$")]
    public static partial Regex TokenRegex();

    [GeneratedRegex("^" + IdentifierPattern + "$")]
    public static partial Regex IdentifierRegex();

    [GeneratedRegex("^" + CopyFromPattern + "$")]
    public static partial Regex CopyFromRegex();
}
