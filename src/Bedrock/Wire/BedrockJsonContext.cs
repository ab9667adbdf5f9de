using System.Text.Json.Serialization;

namespace LoadTest.Bedrock.Wire;

/// <summary>Source-generated JSON for every wire record: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ConverseRequest))]
[JsonSerializable(typeof(ConverseResponse))]
[JsonSerializable(typeof(MessageStartEvent))]
[JsonSerializable(typeof(ContentBlockStartEvent))]
[JsonSerializable(typeof(ContentBlockDeltaEvent))]
[JsonSerializable(typeof(ContentBlockStopEvent))]
[JsonSerializable(typeof(MessageStopEvent))]
[JsonSerializable(typeof(ConverseStreamMetadataEvent))]
[JsonSerializable(typeof(CountTokensRequest))]
[JsonSerializable(typeof(CountTokensResponse))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(AnthropicRequest))]
[JsonSerializable(typeof(AnthropicResponse))]
[JsonSerializable(typeof(AnthropicContentBlock))]
[JsonSerializable(typeof(List<AnthropicContentBlock>))]
[JsonSerializable(typeof(ResponseStreamChunk))]
[JsonSerializable(typeof(InvocationMetrics))]
[JsonSerializable(typeof(ClaudeRequestFields))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(NovaRequest))]
[JsonSerializable(typeof(NovaResponse))]
[JsonSerializable(typeof(CohereEmbedRequest))]
[JsonSerializable(typeof(AnthropicThinking))]
[JsonSerializable(typeof(AnthropicCacheControl))]
[JsonSerializable(typeof(ToolConfiguration))]
[JsonSerializable(typeof(ToolUseBlock))]
[JsonSerializable(typeof(ToolResultBlock))]
[JsonSerializable(typeof(ReasoningContentBlock))]
[JsonSerializable(typeof(CachePointBlock))]
public sealed partial class BedrockJsonContext : JsonSerializerContext
{
}
