using System.Text.Json;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Reads the few fields the report needs from Anthropic Claude and Amazon Nova streaming events
/// (type, block starts and stops, stop reason, usage, amazon-bedrock-invocationMetrics) without
/// binding whole models. Deltas are read by <see cref="DeltaScan"/>.
/// </summary>
internal static class ModelEvents
{
    /// <summary>What one Anthropic or Nova streaming event (not a delta) contributes to the call's report.</summary>
    public static ModelEventInfo Inspect(ReadOnlyMemory<byte> json)
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
            var info = new ModelEventInfo { Type = type };
            switch (type)
            {
                case "content_block_start" when root.TryGetProperty("content_block", out var block)
                                                && block.TryGetProperty("type", out var blockType) && blockType.ValueEquals("tool_use"u8):
                    info = info with { Index = Int(root, "index") ?? 0, ToolUseId = String(block, "id") ?? "", ToolName = String(block, "name") };
                    break;
                case "content_block_start" when root.TryGetProperty("content_block", out var block)
                                                && block.TryGetProperty("type", out var blockType) && blockType.ValueEquals("redacted_thinking"u8):
                    // A redacted block comes whole in its start event: no deltas.
                    info = info with { Index = Int(root, "index") ?? 0, RedactedData = String(block, "data") ?? "" };
                    break;
                case "content_block_stop":
                    info = info with { Index = Int(root, "index") ?? 0, BlockStop = true };
                    break;
                case null:
                    info = Nova(root);
                    break;
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

    /// <summary>A Nova chunk, named by its one key: contentBlockStart (a tool call), contentBlockStop, messageStop, metadata.</summary>
    private static ModelEventInfo Nova(JsonElement root)
    {
        if (root.TryGetProperty("contentBlockStart", out var start))
        {
            return start.TryGetProperty("start", out var s) && s.TryGetProperty("toolUse", out var tool)
                ? new ModelEventInfo { Index = Int(start, "contentBlockIndex") ?? 0, ToolUseId = String(tool, "toolUseId") ?? "", ToolName = String(tool, "name") }
                : default;
        }

        if (root.TryGetProperty("contentBlockStop", out var stop))
        {
            return new ModelEventInfo { Index = Int(stop, "contentBlockIndex") ?? 0, BlockStop = true };
        }

        if (root.TryGetProperty("messageStop", out var messageStop))
        {
            return new ModelEventInfo { StopReason = String(messageStop, "stopReason") };
        }

        if (root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("usage", out var usage))
        {
            return new ModelEventInfo
            {
                Type = "metadata",
                InputTokens = Int(usage, "inputTokens"),
                OutputTokens = Int(usage, "outputTokens"),
                CacheReadTokens = Int(usage, "cacheReadInputTokenCount"),
                CacheWriteTokens = Int(usage, "cacheWriteInputTokenCount"),
            };
        }

        return default;
    }

    private static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}

internal readonly record struct ModelEventInfo
{
    public string? Type { get; init; }

    /// <summary>The content block a start or stop is for.</summary>
    public int Index { get; init; }

    /// <summary>Set when the event starts a tool call.</summary>
    public string? ToolUseId { get; init; }

    public string? ToolName { get; init; }

    public bool BlockStop { get; init; }

    /// <summary>A redacted thinking block's opaque data, from its content_block_start.</summary>
    public string? RedactedData { get; init; }

    public string? StopReason { get; init; }

    public int? InputTokens { get; init; }

    public int? OutputTokens { get; init; }

    public int? CacheReadTokens { get; init; }

    public int? CacheWriteTokens { get; init; }

    public InvocationMetrics? Metrics { get; init; }
}
