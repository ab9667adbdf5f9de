using System.Text.Json;
using System.Text.Json.Serialization;

// The Anthropic Claude Messages body that InvokeModel / InvokeModelWithResponseStream carry
// (snake_case JSON), and its streaming events. One schema, one file.
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
}

public sealed record AnthropicMessage
{
    [JsonPropertyName("role")]
    public string Role { get; init; } = "user";

    /// <summary>A string or a list of content blocks ({type:"text", text, cache_control?}).</summary>
    [JsonPropertyName("content")]
    public JsonElement Content { get; init; }
}

public sealed record AnthropicContentBlock
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "text";

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("cache_control")]
    public AnthropicCacheControl? CacheControl { get; init; }
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
