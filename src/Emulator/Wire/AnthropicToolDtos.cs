using System.Text.Json;
using System.Text.Json.Serialization;

// The parts of an Anthropic Messages body (InvokeModel / InvokeModelWithResponseStream) that the
// shared AnthropicRequest (LoadTest.Bedrock.Wire) does not carry, and the answer's content blocks
// beyond text. Sources: Anthropic's Messages API reference and "Extended thinking" / "Tool use"
// guides (thinking: {type: "enabled", budget_tokens} | {type: "adaptive"}; tools[{name,
// description, input_schema}]; tool_choice {type: auto | any | tool (name) | none}; anthropic_beta
// on Bedrock, a list of beta names); answer blocks {type: "thinking", thinking, signature},
// {type: "tool_use", id, name, input}; stream deltas thinking_delta, signature_delta,
// input_json_delta {partial_json}. snake_case on the wire. One schema, one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Emulator.Wire;

/// <summary>An Anthropic body read a second time for thinking and tools.</summary>
internal sealed class AnthropicToolBody
{
    [JsonPropertyName("thinking")]
    public AnthropicThinking? Thinking { get; set; }

    [JsonPropertyName("tools")]
    public List<AnthropicTool>? Tools { get; set; }

    [JsonPropertyName("tool_choice")]
    public AnthropicToolChoice? ToolChoice { get; set; }

    /// <summary>A list of beta names on Bedrock (a single string is accepted too).</summary>
    [JsonPropertyName("anthropic_beta")]
    public JsonElement? AnthropicBeta { get; set; }
}

internal sealed class AnthropicThinking
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("budget_tokens")]
    public int? BudgetTokens { get; set; }
}

internal sealed class AnthropicTool
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("input_schema")]
    public JsonElement? InputSchema { get; set; }

    /// <summary>Server tools (web search, ...) carry a type instead of a schema.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}

internal sealed class AnthropicToolChoice
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }
}

/// <summary>An answer content block: text, thinking (with its signature) or tool_use.</summary>
internal sealed record AnthropicAnswerBlock
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "text";

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("thinking")]
    public string? Thinking { get; init; }

    [JsonPropertyName("signature")]
    public string? Signature { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("input")]
    public JsonElement? Input { get; init; }
}
