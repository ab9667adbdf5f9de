using System.Text.Json;
using LoadTest.Core.Models;

namespace LoadTest.Bedrock.Wire;

/// <summary>
/// The InvokeModel body of a model family carrying the same conversation as a Converse request, so
/// one request can be sent through either API: Claude's Anthropic Messages body (thinking from
/// <c>additionalModelRequestFields</c>, tools, tool calls, tool results and thinking blocks of earlier
/// turns, cache points as <c>cache_control</c> on the block before them) and Nova's own body, whose
/// content blocks and toolConfig are Converse-shaped (Amazon Nova 2 user guide, "Request and response
/// schema"). Cohere Embed has no conversation: build a <see cref="CohereEmbedRequest"/>.
/// </summary>
public static class InvokeBodies
{
    public static byte[] FromConverse(ConverseRequest request, ModelFamily family) => family switch
    {
        ModelFamily.AnthropicClaude => JsonSerializer.SerializeToUtf8Bytes(Anthropic(request), BedrockJsonContext.Default.AnthropicRequest),
        ModelFamily.AmazonNova => JsonSerializer.SerializeToUtf8Bytes(Nova(request), BedrockJsonContext.Default.NovaRequest),
        _ => throw new ArgumentException($"The {family} family has no conversation body; send a {nameof(CohereEmbedRequest)}.", nameof(family)),
    };

    /// <summary>The Anthropic body; it requires max_tokens, so the request must set inferenceConfig.maxTokens.</summary>
    public static AnthropicRequest Anthropic(ConverseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxTokens = request.InferenceConfig?.MaxTokens
            ?? throw new ArgumentException("The Anthropic body requires max_tokens: set inferenceConfig.maxTokens.", nameof(request));
        var fields = request.AdditionalModelRequestFields is { ValueKind: JsonValueKind.Object } f ? f : (JsonElement?)null;
        return new AnthropicRequest
        {
            MaxTokens = maxTokens,
            System = request.System is { Count: > 0 } system ? Blocks(system.Select(b => new ContentBlock { Text = b.Text, CachePoint = b.CachePoint })) : null,
            Messages = request.Messages.Select(m => new AnthropicMessage { Role = m.Role, Content = Blocks(m.Content) }).ToList(),
            Temperature = request.InferenceConfig?.Temperature,
            TopP = request.InferenceConfig?.TopP,
            StopSequences = request.InferenceConfig?.StopSequences,
            Metadata = request.RequestMetadata,
            Thinking = fields is { } t && t.TryGetProperty("thinking", out var thinking) ? thinking.Deserialize(BedrockJsonContext.Default.AnthropicThinking) : null,
            AnthropicBeta = fields is { } b && b.TryGetProperty("anthropic_beta", out var beta) ? beta.Clone() : null,
            Tools = request.ToolConfig?.Tools is { } tools ? AnthropicTools(tools) : null,
            ToolChoice = request.ToolConfig?.ToolChoice switch
            {
                { Tool.Name: { } name } => new AnthropicToolChoice { Type = "tool", Name = name },
                { Any: not null } => new AnthropicToolChoice { Type = "any" },
                { Auto: not null } => new AnthropicToolChoice { Type = "auto" },
                _ => null,
            },
        };
    }

    /// <summary>Nova's body: the same messages and system blocks, inferenceConfig, toolConfig, and reasoningConfig when additionalModelRequestFields carries it.</summary>
    public static NovaRequest Nova(ConverseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = BedrockJsonContext.Default;
        var config = request.InferenceConfig;
        return new NovaRequest
        {
            System = request.System?.Select(b => new NovaContentBlock { Text = b.Text, CachePoint = CachePointJson(b.CachePoint) }).ToList(),
            Messages = request.Messages.Select(m => new NovaMessage { Role = m.Role, Content = m.Content.Select(NovaBlock).ToList() }).ToList(),
            InferenceConfig = config is null ? null : new NovaInferenceConfig
            {
                MaxTokens = config.MaxTokens,
                // Through decimal: a float's shortest digits (0.7, not 0.699999988...).
                Temperature = config.Temperature is { } t ? (double)(decimal)t : null,
                TopP = config.TopP is { } p ? (double)(decimal)p : null,
                StopSequences = config.StopSequences,
            },
            ToolConfig = request.ToolConfig is { } tools ? JsonSerializer.SerializeToElement(tools, json.ToolConfiguration) : null,
            ReasoningConfig = request.AdditionalModelRequestFields is { ValueKind: JsonValueKind.Object } f && f.TryGetProperty("reasoningConfig", out var reasoning) ? reasoning.Clone() : null,
        };
    }

    private static NovaContentBlock NovaBlock(ContentBlock block)
    {
        var json = BedrockJsonContext.Default;
        var other = block switch
        {
            { ToolUse: { } use } => new Dictionary<string, JsonElement> { ["toolUse"] = JsonSerializer.SerializeToElement(use, json.ToolUseBlock) },
            { ToolResult: { } result } => new Dictionary<string, JsonElement> { ["toolResult"] = JsonSerializer.SerializeToElement(result, json.ToolResultBlock) },
            { ReasoningContent: { } reasoning } => new Dictionary<string, JsonElement> { ["reasoningContent"] = JsonSerializer.SerializeToElement(reasoning, json.ReasoningContentBlock) },
            _ => null,
        };
        return new NovaContentBlock { Text = block.Text, CachePoint = CachePointJson(block.CachePoint), Other = other };
    }

    private static JsonElement? CachePointJson(CachePointBlock? cachePoint)
        => cachePoint is null ? null : JsonSerializer.SerializeToElement(cachePoint, BedrockJsonContext.Default.CachePointBlock);

    /// <summary>Converse blocks as Anthropic blocks; a cachePoint becomes cache_control on the block before it.</summary>
    private static JsonElement Blocks(IEnumerable<ContentBlock> blocks)
    {
        var json = BedrockJsonContext.Default;
        var list = new List<AnthropicContentBlock>();
        foreach (var block in blocks)
        {
            if (block.CachePoint is not null)
            {
                if (list.Count > 0)
                {
                    list[^1] = list[^1] with { CacheControl = new AnthropicCacheControl() };
                }

                continue;
            }

            if (block.Text is { } text)
            {
                list.Add(AnthropicContentBlock.FromText(text));
            }
            else if (block.ToolUse is { } use)
            {
                list.Add(new AnthropicContentBlock { Type = "tool_use", Id = use.ToolUseId, Name = use.Name, Input = use.Input });
            }
            else if (block.ToolResult is { } result)
            {
                var parts = (result.Content ?? []).Select(p => AnthropicContentBlock.FromText(p.Text ?? p.Json?.GetRawText() ?? "")).ToList();
                list.Add(new AnthropicContentBlock
                {
                    Type = "tool_result",
                    ToolUseId = result.ToolUseId,
                    Content = JsonSerializer.SerializeToElement(parts, json.ListAnthropicContentBlock),
                    IsError = result.Status == "error" ? true : null,
                });
            }
            else if (block.ReasoningContent?.RedactedContent is { } redacted)
            {
                list.Add(new AnthropicContentBlock { Type = "redacted_thinking", Data = redacted });
            }
            else if (block.ReasoningContent?.ReasoningText is { } reasoning)
            {
                list.Add(new AnthropicContentBlock { Type = "thinking", Thinking = reasoning.Text ?? "", Signature = reasoning.Signature });
            }
        }

        return JsonSerializer.SerializeToElement(list, json.ListAnthropicContentBlock);
    }

    private static List<AnthropicTool> AnthropicTools(List<ToolDefinition> tools)
    {
        var list = new List<AnthropicTool>(tools.Count);
        foreach (var tool in tools)
        {
            if (tool.ToolSpec is { } spec)
            {
                list.Add(new AnthropicTool { Name = spec.Name, Description = spec.Description, InputSchema = spec.InputSchema?.Json });
            }
            else if (tool.CachePoint is not null && list.Count > 0)
            {
                list[^1] = list[^1] with { CacheControl = JsonSerializer.SerializeToElement(new AnthropicCacheControl(), BedrockJsonContext.Default.AnthropicCacheControl) };
            }
        }

        return list;
    }
}
