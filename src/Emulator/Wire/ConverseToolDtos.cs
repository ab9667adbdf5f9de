using System.Text.Json;
using LoadTest.Bedrock.Wire;

// The parts of a Converse / ConverseStream body and answer that the shared wire records
// (LoadTest.Bedrock.Wire, which the client sends) do not carry: tool configuration, the thinking
// switch in additionalModelRequestFields, and the toolUse / toolResult / reasoningContent content
// blocks, in requests and in answers. Shapes from the Bedrock Runtime service model
// (botocore data/bedrock-runtime/2023-09-30/service-2.json, as the AWS SDK for JavaScript v3
// types it): ToolConfiguration{tools[Tool{toolSpec|cachePoint}], toolChoice{auto|any|tool{name}}},
// ToolSpecification{name, description, inputSchema{json}}, ToolUseBlock{toolUseId, name, input},
// ToolResultBlock{toolUseId, content[{text|json|...}], status}, ReasoningContentBlock{reasoningText
// {text, signature} | redactedContent}; stream: ContentBlockStart{toolUse{toolUseId, name}},
// ContentBlockDelta{text | toolUse{input} | reasoningContent{text | signature | redactedContent}}.
// camelCase on the wire. One schema, one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Emulator.Wire;

/// <summary>A Converse body read a second time for what the shared <see cref="ConverseRequest"/> skips.</summary>
internal sealed class ConverseToolBody
{
    public ConverseToolConfig? ToolConfig { get; set; }

    /// <summary>Model-specific fields; for Claude <c>thinking</c> (or the older <c>reasoning_config</c>) and <c>anthropic_beta</c>.</summary>
    public JsonElement? AdditionalModelRequestFields { get; set; }

    public List<ConverseToolMessage>? Messages { get; set; }
}

/// <summary>A CountTokens body read a second time: <c>input.converse</c> as a Converse body.</summary>
internal sealed class CountTokensToolBody
{
    public CountTokensToolInput? Input { get; set; }
}

internal sealed class CountTokensToolInput
{
    public ConverseToolBody? Converse { get; set; }
}

internal sealed class ConverseToolMessage
{
    public List<ConverseToolContent>? Content { get; set; }
}

internal sealed class ConverseToolContent
{
    public ConverseToolUse? ToolUse { get; set; }

    public ConverseToolResult? ToolResult { get; set; }

    public ConverseReasoningContent? ReasoningContent { get; set; }
}

internal sealed class ConverseToolConfig
{
    public List<ConverseTool>? Tools { get; set; }

    public ConverseToolChoice? ToolChoice { get; set; }
}

internal sealed class ConverseTool
{
    public ConverseToolSpec? ToolSpec { get; set; }

    public JsonElement? CachePoint { get; set; }
}

internal sealed class ConverseToolSpec
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public ConverseInputSchema? InputSchema { get; set; }
}

internal sealed class ConverseInputSchema
{
    public JsonElement? Json { get; set; }
}

internal sealed class ConverseToolChoice
{
    public JsonElement? Auto { get; set; }

    public JsonElement? Any { get; set; }

    public ConverseToolName? Tool { get; set; }
}

internal sealed class ConverseToolName
{
    public string? Name { get; set; }
}

/// <summary>A toolUse block: in a request (an earlier assistant turn) and in an answer.</summary>
internal sealed record ConverseToolUse
{
    public string? ToolUseId { get; init; }

    public string? Name { get; init; }

    public JsonElement? Input { get; init; }
}

internal sealed class ConverseToolResult
{
    public string? ToolUseId { get; set; }

    public List<ConverseToolResultContent>? Content { get; set; }

    public string? Status { get; set; }
}

internal sealed class ConverseToolResultContent
{
    public string? Text { get; set; }

    public JsonElement? Json { get; set; }
}

internal sealed record ConverseReasoningContent
{
    public ConverseReasoningText? ReasoningText { get; init; }

    public string? RedactedContent { get; init; }
}

internal sealed record ConverseReasoningText
{
    public string? Text { get; init; }

    public string? Signature { get; init; }
}

// ---- The answer ----

/// <summary>The Converse answer with every content block kind the emulator produces.</summary>
internal sealed record ConverseAnswer
{
    public ConverseAnswerOutput Output { get; init; } = new();

    public string StopReason { get; init; } = StopReasons.EndTurn;

    public TokenUsage Usage { get; init; } = new();

    public ConverseMetrics Metrics { get; init; } = new();
}

internal sealed record ConverseAnswerOutput
{
    public ConverseAnswerMessage Message { get; init; } = new();
}

internal sealed record ConverseAnswerMessage
{
    public string Role { get; init; } = "assistant";

    public List<ConverseAnswerBlock> Content { get; init; } = [];
}

/// <summary>One of: <c>text</c>, <c>reasoningContent</c>, <c>toolUse</c>.</summary>
internal sealed record ConverseAnswerBlock
{
    public string? Text { get; init; }

    public ConverseReasoningContent? ReasoningContent { get; init; }

    public ConverseToolUse? ToolUse { get; init; }
}

// ---- ConverseStream events for the blocks beyond text ----

internal sealed record ConverseBlockStartEvent
{
    public ConverseBlockStart Start { get; init; } = new();

    public int ContentBlockIndex { get; init; }
}

internal sealed record ConverseBlockStart
{
    public ConverseToolUseStart? ToolUse { get; init; }
}

internal sealed record ConverseToolUseStart
{
    public string ToolUseId { get; init; } = "";

    public string Name { get; init; } = "";
}

internal sealed record ConverseBlockDeltaEvent
{
    public ConverseBlockDelta Delta { get; init; } = new();

    public int ContentBlockIndex { get; init; }
}

/// <summary>One of: <c>text</c>, <c>reasoningContent</c> (text or signature), <c>toolUse</c> (an input fragment).</summary>
internal sealed record ConverseBlockDelta
{
    public string? Text { get; init; }

    public ConverseReasoningDelta? ReasoningContent { get; init; }

    public ConverseToolUseDelta? ToolUse { get; init; }
}

internal sealed record ConverseReasoningDelta
{
    public string? Text { get; init; }

    public string? Signature { get; init; }
}

internal sealed record ConverseToolUseDelta
{
    public string Input { get; init; } = "";
}
