using System.Text.Json.Serialization;

namespace LoadTest.Emulator.Wire;

/// <summary>Source-generated JSON for the emulator's own shapes (stream events and logs).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AnthropicMessageStart))]
[JsonSerializable(typeof(AnthropicContentBlockStart))]
[JsonSerializable(typeof(AnthropicContentBlockDelta))]
[JsonSerializable(typeof(AnthropicContentBlockStop))]
[JsonSerializable(typeof(AnthropicMessageDelta))]
[JsonSerializable(typeof(AnthropicMessageStop))]
[JsonSerializable(typeof(CloudTrailEvent))]
[JsonSerializable(typeof(MinuteMetrics))]
[JsonSerializable(typeof(ModelInvocationLogRecord))]
[JsonSerializable(typeof(MetricDataOutput))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
}
