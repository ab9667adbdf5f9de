using System.Text.Json;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Reads the few fields the report needs from Anthropic Claude bodies and streaming events
/// (type, stop_reason, usage, amazon-bedrock-invocationMetrics) without binding whole models.
/// </summary>
internal static class ModelEvents
{
    public static string? StopReasonOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStopReason = reader.ValueTextEquals("stop_reason"u8);
                reader.Read();
                if (isStopReason)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A non-JSON or non-Claude body simply has no stop reason to report.
        }

        return null;
    }

    /// <summary>What one Anthropic streaming event contributes to the call's report.</summary>
    public static AnthropicEventInfo Inspect(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var info = new AnthropicEventInfo { Type = type };
            switch (type)
            {
                case "message_start" when root.TryGetProperty("message", out var message) && message.TryGetProperty("usage", out var startUsage):
                    info = info with
                    {
                        InputTokens = Int(startUsage, "input_tokens"),
                        OutputTokens = Int(startUsage, "output_tokens"),
                        CacheReadTokens = Int(startUsage, "cache_read_input_tokens"),
                        CacheWriteTokens = Int(startUsage, "cache_creation_input_tokens"),
                    };
                    break;
                case "message_delta":
                    if (root.TryGetProperty("delta", out var delta) && delta.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String)
                    {
                        info = info with { StopReason = stop.GetString() };
                    }

                    if (root.TryGetProperty("usage", out var deltaUsage))
                    {
                        info = info with { OutputTokens = Int(deltaUsage, "output_tokens") };
                    }

                    break;
                default:
                    break;
            }

            if (root.TryGetProperty("amazon-bedrock-invocationMetrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
            {
                info = info with { Metrics = metrics.Deserialize(BedrockJsonContext.Default.InvocationMetrics) };
            }

            return info;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static int? Int(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}

internal readonly record struct AnthropicEventInfo
{
    public string? Type { get; init; }

    public string? StopReason { get; init; }

    public int? InputTokens { get; init; }

    public int? OutputTokens { get; init; }

    public int? CacheReadTokens { get; init; }

    public int? CacheWriteTokens { get; init; }

    public InvocationMetrics? Metrics { get; init; }
}
