using System.Text.Json.Serialization;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Emulator.Wire;

/// <summary>Source-generated JSON for the emulator's own shapes (Anthropic stream events, tool and thinking shapes, Nova and Cohere bodies, logs).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnthropicMessageStart))]
[JsonSerializable(typeof(AnthropicContentBlockStart))]
[JsonSerializable(typeof(AnthropicContentBlockDelta))]
[JsonSerializable(typeof(AnthropicContentBlockStop))]
[JsonSerializable(typeof(AnthropicMessageDelta))]
[JsonSerializable(typeof(AnthropicMessageStop))]
[JsonSerializable(typeof(NovaRequest))]
[JsonSerializable(typeof(NovaResponse))]
[JsonSerializable(typeof(NovaMessageStartChunk))]
[JsonSerializable(typeof(NovaContentBlockDeltaChunk))]
[JsonSerializable(typeof(NovaContentBlockStopChunk))]
[JsonSerializable(typeof(NovaMessageStopChunk))]
[JsonSerializable(typeof(NovaMetadataChunk))]
[JsonSerializable(typeof(CohereEmbedRequest))]
[JsonSerializable(typeof(CloudTrailEvent))]
[JsonSerializable(typeof(MinuteMetrics))]
[JsonSerializable(typeof(ModelInvocationLogRecord))]
[JsonSerializable(typeof(MetricDataOutput))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
}
