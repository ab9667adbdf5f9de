using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadTest.Bedrock.Wire;

/// <summary>
/// A Cohere Embed v4 InvokeModel body (snake_case), as the Bedrock user guide publishes it
/// (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html). Unknown
/// keys land in <see cref="Extra"/> and are refused as Bedrock's schema does. The answer is written
/// by the emulator without a DTO (up to 96 x 1536 numbers per type).
/// </summary>
public sealed class CohereEmbedRequest
{
    [JsonPropertyName("input_type")]
    public string? InputType { get; set; }

    [JsonPropertyName("texts")]
    public List<string>? Texts { get; set; }

    [JsonPropertyName("images")]
    public List<string>? Images { get; set; }

    [JsonPropertyName("inputs")]
    public List<JsonElement>? Inputs { get; set; }

    [JsonPropertyName("embedding_types")]
    public List<string>? EmbeddingTypes { get; set; }

    [JsonPropertyName("output_dimension")]
    public int? OutputDimension { get; set; }

    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    [JsonPropertyName("truncate")]
    public string? Truncate { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
