using System.Text.Json;
using System.Text.Json.Serialization;

// The Anthropic Claude Messages body that InvokeModel / InvokeModelWithResponseStream carry
// (snake_case JSON), and its streaming events. One schema, one file. Thinking and tools from
// Anthropic's Messages API reference and its "Extended thinking" / "Tool use" guides (thinking:
// {type: "enabled", budget_tokens} | {type: "adaptive"}; tools[{name, description, input_schema,
// cache_control?}]; tool_choice {type: auto | any | tool (name) | none}; anthropic_beta on Bedrock,
// a list of beta names); answer blocks {type: "thinking", thinking, signature}, {type: "tool_use",
// id, name, input}; request blocks {type: "tool_result", tool_use_id, content}.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Bedrock.Wire;

public sealed record AnthropicRequest
{
    [JsonPropertyName("anthropic_version")]
    public string AnthropicVersion { get; init; } = "bedrock-2023-05-31";

    [JsonPropertyName("max_tokens")]
    public int MaxTokens { get; init; }

    [JsonPropertyName("messages")]
    public List<AnthropicMessage> Messages { get; init; } = [];

    /// <summary>A string or a list of content blocks.</summary>
    [JsonPropertyName("system")]
    public JsonElement? System { get; init; }

    [JsonPropertyName("temperature")]
    public float? Temperature { get; init; }

    [JsonPropertyName("top_p")]
    public float? TopP { get; init; }

    [JsonPropertyName("stop_sequences")]
    public List<string>? StopSequences { get; init; }

    /// <summary>Not part of Anthropic's schema; the emulator reads it to steer output length (see the emulator README).</summary>
    [JsonPropertyName("metadata")]
    public Dictionary<string, string>? Metadata { get; init; }

    [JsonPropertyName("thinking")]
    public AnthropicThinking? Thinking { get; init; }

    [JsonPropertyName("tools")]
    public List<AnthropicTool>? Tools { get; init; }

    [JsonPropertyName("tool_choice")]
    public AnthropicToolChoice? ToolChoice { get; init; }

    /// <summary>A list of beta names on Bedrock (a single string is accepted too, hence not typed).</summary>
    [JsonPropertyName("anthropic_beta")]
    public JsonElement? AnthropicBeta { get; init; }
}

public sealed record AnthropicThinking
{
    /// <summary>enabled | adaptive (| disabled)</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("budget_tokens")]
    public int? BudgetTokens { get; init; }

    public static AnthropicThinking Enabled(int budgetTokens) => new() { Type = "enabled", BudgetTokens = budgetTokens };

    public static AnthropicThinking Adaptive() => new() { Type = "adaptive" };
}

public sealed record AnthropicTool
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("input_schema")]
    public JsonElement? InputSchema { get; init; }

    [JsonPropertyName("cache_control")]
    public JsonElement? CacheControl { get; init; }

    /// <summary>Server tools (web search, ...) carry a type instead of a schema.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }
}

public sealed record AnthropicToolChoice
{
    /// <summary>auto | any | tool | none</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

public sealed record AnthropicMessage
{
    [JsonPropertyName("role")]
    public string Role { get; init; } = "user";

    /// <summary>A string or a list of content blocks ({type:"text", text, cache_control?}).</summary>
    [JsonPropertyName("content")]
    public JsonElement Content { get; init; }

    /// <summary>A message of content blocks: an answer's content sent back as the assistant turn, or a user turn of tool results.</summary>
    public static AnthropicMessage Of(string role, List<AnthropicContentBlock> blocks)
        => new() { Role = role, Content = JsonSerializer.SerializeToElement(blocks, BedrockJsonContext.Default.ListAnthropicContentBlock) };
}

/// <summary>A content block of a request or an answer: text, thinking (with its signature), redacted_thinking, tool_use or tool_result.</summary>
public sealed record AnthropicContentBlock
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "text";

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("thinking")]
    public string? Thinking { get; init; }

    [JsonPropertyName("signature")]
    public string? Signature { get; init; }

    /// <summary>A redacted_thinking block's opaque data, sent back as it came.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("input")]
    public JsonElement? Input { get; init; }

    [JsonPropertyName("tool_use_id")]
    public string? ToolUseId { get; init; }

    /// <summary>A tool_result's content: a string or a list of content blocks.</summary>
    [JsonPropertyName("content")]
    public JsonElement? Content { get; init; }

    [JsonPropertyName("is_error")]
    public bool? IsError { get; init; }

    [JsonPropertyName("cache_control")]
    public AnthropicCacheControl? CacheControl { get; init; }

    public static AnthropicContentBlock FromText(string text) => new() { Text = text };

    /// <summary>A tool_result block with a text result.</summary>
    public static AnthropicContentBlock ToolResultText(string toolUseId, string text)
        => new() { Type = "tool_result", ToolUseId = toolUseId, Content = JsonSerializer.SerializeToElement(text, BedrockJsonContext.Default.String) };
}

public sealed record AnthropicCacheControl
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "ephemeral";
}

public sealed record AnthropicResponse
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "message";

    [JsonPropertyName("role")]
    public string Role { get; init; } = "assistant";

    [JsonPropertyName("model")]
    public string Model { get; init; } = "";

    [JsonPropertyName("content")]
    public List<AnthropicContentBlock> Content { get; init; } = [];

    [JsonPropertyName("stop_reason")]
    public string? StopReason { get; init; }

    [JsonPropertyName("stop_sequence")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; init; }

    [JsonPropertyName("usage")]
    public AnthropicUsage Usage { get; init; } = new();
}

public sealed record AnthropicUsage
{
    [JsonPropertyName("input_tokens")]
    public int InputTokens { get; init; }

    [JsonPropertyName("output_tokens")]
    public int OutputTokens { get; init; }

    [JsonPropertyName("cache_creation_input_tokens")]
    public int? CacheCreationInputTokens { get; init; }

    [JsonPropertyName("cache_read_input_tokens")]
    public int? CacheReadInputTokens { get; init; }
}

/// <summary>The JSON payload of an InvokeModelWithResponseStream <c>chunk</c> event.</summary>
public sealed record ResponseStreamChunk
{
    /// <summary>Base64 of one Anthropic streaming event's JSON (System.Text.Json encodes byte[] as base64).</summary>
    [JsonPropertyName("bytes")]
    public byte[] Bytes { get; init; } = [];
}

/// <summary>Carried by the last Anthropic event (message_stop) of an InvokeModelWithResponseStream.</summary>
public sealed record InvocationMetrics
{
    [JsonPropertyName("inputTokenCount")]
    public int InputTokenCount { get; init; }

    [JsonPropertyName("outputTokenCount")]
    public int OutputTokenCount { get; init; }

    [JsonPropertyName("invocationLatency")]
    public long InvocationLatency { get; init; }

    [JsonPropertyName("firstByteLatency")]
    public long FirstByteLatency { get; init; }

    [JsonPropertyName("cacheReadInputTokenCount")]
    public int? CacheReadInputTokenCount { get; init; }

    [JsonPropertyName("cacheWriteInputTokenCount")]
    public int? CacheWriteInputTokenCount { get; init; }
}

/// <summary>
/// Claude's fields in a Converse request's <c>additionalModelRequestFields</c>: the thinking switch
/// and beta names, spelled as in the Anthropic body.
/// </summary>
public sealed record ClaudeRequestFields
{
    [JsonPropertyName("thinking")]
    public AnthropicThinking? Thinking { get; init; }

    [JsonPropertyName("anthropic_beta")]
    public List<string>? AnthropicBeta { get; init; }

    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, BedrockJsonContext.Default.ClaudeRequestFields);
}
