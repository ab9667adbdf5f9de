using System.Text.Json.Serialization;
using LoadTest.Bedrock.Wire;

// Anthropic Messages streaming events as InvokeModelWithResponseStream carries them (each one is
// the base64 `bytes` of a `chunk` event). snake_case on the wire. One schema, one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Emulator.Wire;

internal sealed record AnthropicMessageStart
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "message_start";

    [JsonPropertyName("message")]
    public AnthropicResponse Message { get; init; } = new();
}

internal sealed record AnthropicContentBlockStart
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "content_block_start";

    [JsonPropertyName("index")]
    public int Index { get; init; }

    [JsonPropertyName("content_block")]
    public AnthropicContentBlock ContentBlock { get; init; } = new() { Text = "" };
}

internal sealed record AnthropicContentBlockDelta
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "content_block_delta";

    [JsonPropertyName("index")]
    public int Index { get; init; }

    [JsonPropertyName("delta")]
    public AnthropicDelta Delta { get; init; } = new();
}

/// <summary>One of: text_delta (text), thinking_delta (thinking), signature_delta (signature), input_json_delta (partial_json).</summary>
internal sealed record AnthropicDelta
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "text_delta";

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("thinking")]
    public string? Thinking { get; init; }

    [JsonPropertyName("signature")]
    public string? Signature { get; init; }

    [JsonPropertyName("partial_json")]
    public string? PartialJson { get; init; }
}

internal sealed record AnthropicContentBlockStop
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "content_block_stop";

    [JsonPropertyName("index")]
    public int Index { get; init; }
}

internal sealed record AnthropicMessageDelta
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "message_delta";

    [JsonPropertyName("delta")]
    public AnthropicStopDelta Delta { get; init; } = new();

    [JsonPropertyName("usage")]
    public AnthropicOutputUsage Usage { get; init; } = new();
}

internal sealed record AnthropicStopDelta
{
    [JsonPropertyName("stop_reason")]
    public string? StopReason { get; init; }

    [JsonPropertyName("stop_sequence")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; init; }
}

internal sealed record AnthropicOutputUsage
{
    [JsonPropertyName("output_tokens")]
    public int OutputTokens { get; init; }
}

internal sealed record AnthropicMessageStop
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "message_stop";

    [JsonPropertyName("amazon-bedrock-invocationMetrics")]
    public InvocationMetrics? InvocationMetrics { get; init; }
}
