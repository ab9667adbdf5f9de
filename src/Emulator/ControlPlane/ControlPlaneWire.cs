using System.Text.Json.Serialization;

// The Bedrock control plane's inference-profile shapes as the service model names them (rest-json,
// camelCase members). Small records of one wire format, kept in one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Emulator.ControlPlane;

internal sealed record TagEntry
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}

internal sealed record ModelSourceBody
{
    public string? CopyFrom { get; init; }
}

internal sealed record CreateInferenceProfileBody
{
    public string? InferenceProfileName { get; init; }

    public string? Description { get; init; }

    public string? ClientRequestToken { get; init; }

    public ModelSourceBody? ModelSource { get; init; }

    public List<TagEntry>? Tags { get; init; }
}

internal sealed record CreateInferenceProfileAnswer(string InferenceProfileArn, string Status);

internal sealed record InferenceProfileModelBody(string ModelArn);

/// <summary>GetInferenceProfile's answer and one entry of ListInferenceProfiles: the same members.</summary>
internal sealed record InferenceProfileBody
{
    public required string InferenceProfileName { get; init; }

    public required string InferenceProfileArn { get; init; }

    public required IReadOnlyList<InferenceProfileModelBody> Models { get; init; }

    public required string InferenceProfileId { get; init; }

    public required string Status { get; init; }

    public required string Type { get; init; }

    public string? Description { get; init; }

    /// <summary>An ISO 8601 date-time in UTC: the service model marks these timestamps date-time (the JavaScript SDK refuses epoch seconds here).</summary>
    public DateTime? CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }
}

internal sealed record ListInferenceProfilesAnswer(IReadOnlyList<InferenceProfileBody> InferenceProfileSummaries, string? NextToken);

internal sealed record ResourceBody
{
    [JsonPropertyName("resourceARN")]
    public string? ResourceArn { get; init; }

    public List<TagEntry>? Tags { get; init; }

    public List<string>? TagKeys { get; init; }
}

internal sealed record TagsAnswer(IReadOnlyList<TagEntry> Tags);

internal sealed record EmptyAnswer;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateInferenceProfileBody))]
[JsonSerializable(typeof(CreateInferenceProfileAnswer))]
[JsonSerializable(typeof(InferenceProfileBody))]
[JsonSerializable(typeof(ListInferenceProfilesAnswer))]
[JsonSerializable(typeof(ResourceBody))]
[JsonSerializable(typeof(TagsAnswer))]
[JsonSerializable(typeof(EmptyAnswer))]
internal sealed partial class ControlPlaneJsonContext : JsonSerializerContext
{
}
