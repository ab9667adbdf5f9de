using System.Text.Json;
using System.Text.Json.Serialization;

// Amazon Nova's own InvokeModel body, its answer and its stream chunks (each chunk is the base64
// `bytes` of a `chunk` event). camelCase on the wire. One schema, one file. Sources:
// request and response: Amazon Nova 2 user guide, "Request and response schema"
// (https://docs.aws.amazon.com/nova/latest/nova2-userguide/request-response-schema.html) and
// "Using the Invoke API" (.../using-invoke-api.html); the older spellings `schemaVersion:
// "messages-v1"` and `inferenceConfig.max_new_tokens` / `top_p` / `top_k` are the Nova 1 user
// guide's invoke examples (https://docs.aws.amazon.com/nova/latest/userguide/invoke.html), which
// published code still sends. Stream: "Streaming responses"
// (https://docs.aws.amazon.com/nova/latest/nova2-userguide/streaming-responses.html): chunks named
// by their one top-level key (messageStart, contentBlockDelta, contentBlockStop, messageStop,
// metadata); Bedrock adds `amazon-bedrock-invocationMetrics` to the last one beside `metadata`.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Bedrock.Wire;

/// <summary>A Nova InvokeModel body. Unknown top-level keys land in <see cref="Extra"/> and are refused as Bedrock's schema does.</summary>
public sealed class NovaRequest
{
    public string? SchemaVersion { get; set; }

    public List<NovaContentBlock>? System { get; set; }

    public List<NovaMessage>? Messages { get; set; }

    public NovaInferenceConfig? InferenceConfig { get; set; }

    public JsonElement? ToolConfig { get; set; }

    /// <summary>Nova 2's extended thinking switch; a top-level key on InvokeModel.</summary>
    public JsonElement? ReasoningConfig { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class NovaMessage
{
    public string? Role { get; set; }

    public List<NovaContentBlock>? Content { get; set; }
}

/// <summary>A content or system block: text and cache points are read; images, video, tool blocks are accepted and not counted.</summary>
public sealed class NovaContentBlock
{
    public string? Text { get; set; }

    public JsonElement? CachePoint { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}

public sealed class NovaInferenceConfig
{
    public int? MaxTokens { get; set; }

    /// <summary>The Nova 1 spelling of <see cref="MaxTokens"/>.</summary>
    [JsonPropertyName("max_new_tokens")]
    public int? MaxNewTokens { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    [JsonPropertyName("top_p")]
    public double? TopPSnake { get; set; }

    public int? TopK { get; set; }

    [JsonPropertyName("top_k")]
    public int? TopKSnake { get; set; }

    public List<string>? StopSequences { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The InvokeModel answer: <c>output.message</c>, <c>stopReason</c>, <c>usage</c> with Nova's cache counts.</summary>
public sealed record NovaResponse
{
    public NovaOutput Output { get; init; } = new();

    public string StopReason { get; init; } = StopReasons.EndTurn;

    public NovaUsage Usage { get; init; } = new();
}

public sealed record NovaOutput
{
    public NovaOutputMessage Message { get; init; } = new();
}

public sealed record NovaOutputMessage
{
    public string Role { get; init; } = "assistant";

    public List<NovaText> Content { get; init; } = [];
}

public sealed record NovaText
{
    public string Text { get; init; } = "";
}

/// <summary>
/// Nova's usage. The whole answer carries every count (cache counts as zero without cache points);
/// the stream's <c>metadata</c> carries input and output only (no total), and cache counts when the
/// request had cache points.
/// </summary>
public sealed record NovaUsage
{
    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    public int? TotalTokens { get; init; }

    public int? CacheReadInputTokenCount { get; init; }

    public int? CacheWriteInputTokenCount { get; init; }
}

public sealed record NovaMessageStartChunk
{
    public NovaRole MessageStart { get; init; } = new();
}

public sealed record NovaRole
{
    public string Role { get; init; } = "assistant";
}

public sealed record NovaContentBlockDeltaChunk
{
    public NovaContentBlockDelta ContentBlockDelta { get; init; } = new();
}

public sealed record NovaContentBlockDelta
{
    public NovaText Delta { get; init; } = new();

    public int ContentBlockIndex { get; init; }
}

public sealed record NovaContentBlockStopChunk
{
    public NovaBlockIndex ContentBlockStop { get; init; } = new();
}

public sealed record NovaBlockIndex
{
    public int ContentBlockIndex { get; init; }
}

public sealed record NovaMessageStopChunk
{
    public NovaStop MessageStop { get; init; } = new();
}

public sealed record NovaStop
{
    public string StopReason { get; init; } = StopReasons.EndTurn;
}

/// <summary>The last chunk: <c>metadata</c> (usage, empty metrics and trace) and Bedrock's invocation metrics beside it.</summary>
public sealed record NovaMetadataChunk
{
    public NovaStreamMetadata Metadata { get; init; } = new();

    [JsonPropertyName("amazon-bedrock-invocationMetrics")]
    public InvocationMetrics? InvocationMetrics { get; init; }
}

public sealed record NovaStreamMetadata
{
    public NovaUsage Usage { get; init; } = new();

    public NovaEmpty Metrics { get; init; } = new();

    public NovaEmpty Trace { get; init; } = new();
}

/// <summary>Serializes as <c>{}</c>.</summary>
public sealed record NovaEmpty;
