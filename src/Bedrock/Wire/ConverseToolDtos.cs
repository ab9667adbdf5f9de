using System.Text.Json;

// The Converse shapes for tools and thinking, shared by the client (requests out, answers in) and
// the emulator (requests in, answers out). Shapes from the Bedrock Runtime service model
// (botocore data/bedrock-runtime/2023-09-30/service-2.json, as the AWS SDK for JavaScript v3
// types it): ToolConfiguration{tools[Tool{toolSpec|cachePoint}], toolChoice{auto|any|tool{name}}},
// ToolSpecification{name, description, inputSchema{json}}, ToolUseBlock{toolUseId, name, input},
// ToolResultBlock{toolUseId, content[{text|json|...}], status}, ReasoningContentBlock{reasoningText
// {text, signature} | redactedContent}. The stream's start and delta shapes are beside the other
// stream events in ConverseDtos.cs. camelCase on the wire. One schema, one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Bedrock.Wire;

public sealed record ToolConfiguration
{
    public List<ToolDefinition>? Tools { get; init; }

    public ToolChoiceConfig? ToolChoice { get; init; }
}

/// <summary>The service model's <c>Tool</c> union: a tool spec, or a cache point after the tools before it.</summary>
public sealed record ToolDefinition
{
    public ToolSpecification? ToolSpec { get; init; }

    public JsonElement? CachePoint { get; init; }

    public static ToolDefinition Spec(string name, string? description, JsonElement jsonSchema)
        => new() { ToolSpec = new ToolSpecification { Name = name, Description = description, InputSchema = new ToolInputSchema { Json = jsonSchema } } };
}

public sealed record ToolSpecification
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public ToolInputSchema? InputSchema { get; init; }
}

public sealed record ToolInputSchema
{
    public JsonElement? Json { get; init; }
}

/// <summary>One of <c>auto: {}</c>, <c>any: {}</c>, <c>tool: {name}</c>.</summary>
public sealed record ToolChoiceConfig
{
    public JsonElement? Auto { get; init; }

    public JsonElement? Any { get; init; }

    public SpecificToolChoice? Tool { get; init; }

    public static ToolChoiceConfig AutoChoice() => new() { Auto = EmptyObject() };

    public static ToolChoiceConfig AnyChoice() => new() { Any = EmptyObject() };

    public static ToolChoiceConfig Named(string name) => new() { Tool = new SpecificToolChoice { Name = name } };

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}

public sealed record SpecificToolChoice
{
    public string? Name { get; init; }
}

/// <summary>A toolUse block: in a request (an earlier assistant turn) and in an answer.</summary>
public sealed record ToolUseBlock
{
    public string? ToolUseId { get; init; }

    public string? Name { get; init; }

    public JsonElement? Input { get; init; }
}

public sealed record ToolResultBlock
{
    public string? ToolUseId { get; init; }

    public List<ToolResultContentBlock>? Content { get; init; }

    /// <summary>success | error</summary>
    public string? Status { get; init; }
}

public sealed record ToolResultContentBlock
{
    public string? Text { get; init; }

    public JsonElement? Json { get; init; }
}

public sealed record ReasoningContentBlock
{
    public ReasoningTextBlock? ReasoningText { get; init; }

    public string? RedactedContent { get; init; }
}

public sealed record ReasoningTextBlock
{
    public string? Text { get; init; }

    public string? Signature { get; init; }
}
