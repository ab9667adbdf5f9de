using System.Text.Json;
using System.Text.Json.Serialization;

// Wire records for the Converse API, shaped as the Bedrock Runtime service model has them
// (camelCase JSON). Shared by the client (requests out, responses in) and the emulator
// (requests in, responses out). Several small records live in this one file on purpose: they
// are one wire schema and read best together.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Bedrock.Wire;

public sealed record ConverseRequest
{
    public List<Message> Messages { get; init; } = [];

    public List<SystemContentBlock>? System { get; init; }

    public InferenceConfiguration? InferenceConfig { get; init; }

    public Dictionary<string, string>? RequestMetadata { get; init; }

    public PerformanceConfiguration? PerformanceConfig { get; init; }

    /// <summary>Tool definitions and the tool choice; required when any message carries toolUse / toolResult.</summary>
    public ToolConfiguration? ToolConfig { get; init; }

    /// <summary>Model-specific fields; for Claude <c>thinking</c> and <c>anthropic_beta</c> (see <see cref="ClaudeRequestFields"/>).</summary>
    public JsonElement? AdditionalModelRequestFields { get; init; }
}

public sealed record Message
{
    public string Role { get; init; } = "user";

    public List<ContentBlock> Content { get; init; } = [];
}

/// <summary>One of: <c>text</c>, <c>cachePoint</c>, <c>toolUse</c>, <c>toolResult</c>, <c>reasoningContent</c>.</summary>
public sealed record ContentBlock
{
    public string? Text { get; init; }

    public CachePointBlock? CachePoint { get; init; }

    /// <summary>A tool call: in an answer, and in the assistant turn a next request sends back.</summary>
    public ToolUseBlock? ToolUse { get; init; }

    /// <summary>A tool's result, in the user turn after the call.</summary>
    public ToolResultBlock? ToolResult { get; init; }

    /// <summary>Claude's thinking: in an answer, and sent back in the assistant turn of a tool-use exchange.</summary>
    public ReasoningContentBlock? ReasoningContent { get; init; }

    public static ContentBlock FromText(string text) => new() { Text = text };

    public static ContentBlock CacheHere() => new() { CachePoint = new CachePointBlock() };

    /// <summary>A toolResult block carrying text.</summary>
    public static ContentBlock ToolResultText(string toolUseId, string text)
        => new() { ToolResult = new ToolResultBlock { ToolUseId = toolUseId, Content = [new ToolResultContentBlock { Text = text }] } };

    /// <summary>A toolResult block carrying a JSON document.</summary>
    public static ContentBlock ToolResultJson(string toolUseId, JsonElement json)
        => new() { ToolResult = new ToolResultBlock { ToolUseId = toolUseId, Content = [new ToolResultContentBlock { Json = json }] } };
}

public sealed record SystemContentBlock
{
    public string? Text { get; init; }

    public CachePointBlock? CachePoint { get; init; }
}

public sealed record CachePointBlock
{
    public string Type { get; init; } = "default";
}

public sealed record InferenceConfiguration
{
    public int? MaxTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public List<string>? StopSequences { get; init; }
}

public sealed record PerformanceConfiguration
{
    /// <summary>standard | optimized</summary>
    public string? Latency { get; init; }
}

public sealed record ConverseResponse
{
    public ConverseOutput Output { get; init; } = new();

    public string StopReason { get; init; } = StopReasons.EndTurn;

    public TokenUsage Usage { get; init; } = new();

    public ConverseMetrics Metrics { get; init; } = new();
}

public sealed record ConverseOutput
{
    public Message? Message { get; init; }
}

public sealed record TokenUsage
{
    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    public int TotalTokens { get; init; }

    public int? CacheReadInputTokens { get; init; }

    public int? CacheWriteInputTokens { get; init; }
}

public sealed record ConverseMetrics
{
    public long LatencyMs { get; init; }
}

public static class StopReasons
{
    public const string EndTurn = "end_turn";
    public const string MaxTokens = "max_tokens";
    public const string StopSequence = "stop_sequence";
    public const string ToolUse = "tool_use";
}

// ---- ConverseStream event payloads (the :event-type header names the event) ----

public sealed record MessageStartEvent
{
    public string Role { get; init; } = "assistant";
}

public sealed record ContentBlockStartEvent
{
    /// <summary>Set for a tool call (text and reasoning blocks have no contentBlockStart).</summary>
    public ContentBlockStart? Start { get; init; }

    public int ContentBlockIndex { get; init; }
}

public sealed record ContentBlockStart
{
    public ToolUseBlockStart? ToolUse { get; init; }
}

public sealed record ToolUseBlockStart
{
    public string ToolUseId { get; init; } = "";

    public string Name { get; init; } = "";
}

public sealed record ContentBlockDeltaEvent
{
    public int ContentBlockIndex { get; init; }

    public ContentBlockDelta Delta { get; init; } = new();
}

/// <summary>One of: <c>text</c>, <c>reasoningContent</c> (text or signature), <c>toolUse</c> (an input JSON fragment).</summary>
public sealed record ContentBlockDelta
{
    public string? Text { get; init; }

    public ReasoningContentBlockDelta? ReasoningContent { get; init; }

    public ToolUseBlockDelta? ToolUse { get; init; }
}

public sealed record ReasoningContentBlockDelta
{
    public string? Text { get; init; }

    public string? Signature { get; init; }
}

public sealed record ToolUseBlockDelta
{
    public string Input { get; init; } = "";
}

public sealed record ContentBlockStopEvent
{
    public int ContentBlockIndex { get; init; }
}

public sealed record MessageStopEvent
{
    public string StopReason { get; init; } = StopReasons.EndTurn;
}

public sealed record ConverseStreamMetadataEvent
{
    public TokenUsage Usage { get; init; } = new();

    public ConverseMetrics Metrics { get; init; } = new();
}

// ---- CountTokens ----

public sealed record CountTokensRequest
{
    public CountTokensInput Input { get; init; } = new();
}

public sealed record CountTokensInput
{
    public ConverseCountInput? Converse { get; init; }

    public InvokeModelCountInput? InvokeModel { get; init; }
}

public sealed record ConverseCountInput
{
    public List<Message> Messages { get; init; } = [];

    public List<SystemContentBlock>? System { get; init; }

    public ToolConfiguration? ToolConfig { get; init; }

    public JsonElement? AdditionalModelRequestFields { get; init; }
}

public sealed record InvokeModelCountInput
{
    /// <summary>The InvokeModel body, as a string.</summary>
    public string Body { get; init; } = "";
}

public sealed record CountTokensResponse
{
    public int InputTokens { get; init; }
}

/// <summary>Bedrock's error body: <c>{"message": "..."}</c>; the type is in the x-amzn-ErrorType header.</summary>
public sealed record ErrorBody
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
