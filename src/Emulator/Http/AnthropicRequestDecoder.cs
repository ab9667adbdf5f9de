using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LoadTest.Bedrock.Wire;
using LoadTest.Core.Models;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Routing;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The body of InvokeModel and InvokeModelWithResponseStream: an Anthropic Claude Messages request.
/// Thinking, tools, tool_choice and anthropic_beta are fields of the shared <see cref="AnthropicRequest"/>;
/// every beta name is accepted. Tool definitions, tool_use and
/// tool_result blocks count as input, and so do the thinking blocks of the current tool-use exchange.
/// </summary>
internal sealed class AnthropicRequestDecoder : IRequestDecoder
{
    /// <summary>The message when an Anthropic body has no messages.</summary>
    public const string NoMessages = "Malformed input request: #/messages: expected minimum item count: 1, found: 0, please reformat your input and try again.";

    public string? Decode(ReadOnlySequence<byte> body, EmulatedModel model, InferenceRequest request)
    {
        var anthropic = RequestBody.Deserialize(body, BedrockJsonContext.Default.AnthropicRequest);
        if (anthropic is null)
        {
            return RequestBody.NotAnObject;
        }

        var invalid = Validate(anthropic, model.MaxOutputTokens, model.BaseModelId);
        if (invalid is not null)
        {
            return invalid;
        }

        request.MaxTokens = anthropic.MaxTokens;
        invalid = ReadTools(anthropic, request) ?? ReadThinking(anthropic, anthropic.Temperature, model, request);
        if (invalid is not null)
        {
            return invalid;
        }

        var turns = new ToolTurns();
        Scan(request.Scan, anthropic, turns);
        if ((turns.CheckAnthropic(request.Tools.Count > 0) ?? turns.CheckThinking(request.Thinking is not null)) is { } badTurns)
        {
            return badTurns;
        }

        request.Scan.Steer(OutputSteering.FromMetadata(anthropic.Metadata), OutputSteering.ThinkingFromMetadata(anthropic.Metadata));
        return request.CheckContextWindow(model);
    }

    private static string? ReadTools(AnthropicRequest anthropic, InferenceRequest request)
    {
        if (anthropic.Tools is { } tools)
        {
            var declared = new List<DeclaredTool>(tools.Count);
            for (var i = 0; i < tools.Count; i++)
            {
                if (string.IsNullOrEmpty(tools[i].Name))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"tools.{i}.name: Field required");
                }

                // A server tool (a type, no schema) is declared too, but the emulator only calls custom tools.
                if (tools[i].Type is null or "custom")
                {
                    declared.Add(new DeclaredTool(tools[i].Name!, tools[i].InputSchema));
                }
            }

            request.Tools = declared;
        }

        switch (anthropic.ToolChoice?.Type)
        {
            case null or "auto":
                break;
            case "any":
                request.ToolChoice = ToolChoice.Any;
                break;
            case "none":
                request.ToolChoice = ToolChoice.None;
                break;
            case "tool":
                request.ToolChoice = ToolChoice.Tool;
                request.ChosenTool = anthropic.ToolChoice.Name;
                if (!request.Tools.Any(t => t.Name == request.ChosenTool))
                {
                    // The emulator's wording: Anthropic's exact text for this case is not on record.
                    return $"tool_choice.name: '{request.ChosenTool}' is not one of the declared tools";
                }

                break;
            case var other:
                return $"tool_choice: Input tag '{other}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'";
        }

        return null;
    }

    private static string? ReadThinking(AnthropicRequest anthropic, float? temperature, EmulatedModel model, InferenceRequest request)
    {
        if (anthropic.Thinking is not { } thinking)
        {
            return null;
        }

        var invalid = ThinkingRules.Check(thinking.Type, thinking.BudgetTokens, ThinkingRules.AsksInterleaved(anthropic.AnthropicBeta), request.MaxTokens, temperature, model, request.ToolChoice, out var setting);
        request.Thinking = setting;
        return invalid;
    }

    /// <summary>
    /// The body is a blob, so SDKs send it base64-encoded; a raw JSON string is accepted too. Null when it
    /// is neither.
    /// </summary>
    public static AnthropicRequest? ParseBlob(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        byte[] utf8;
        if (trimmed.Length > 0 && trimmed[0] == '{')
        {
            utf8 = System.Text.Encoding.UTF8.GetBytes(body);
        }
        else
        {
            try
            {
                utf8 = Convert.FromBase64String(body);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        try
        {
            return JsonSerializer.Deserialize(utf8, BedrockJsonContext.Default.AnthropicRequest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Walks the tools, the system prompt, then the messages (Claude's prompt order); a block with
    /// cache_control ends a cacheable prefix. <paramref name="turns"/> collects tool calls and results.
    /// </summary>
    public static void Scan(PromptScan scan, AnthropicRequest request, ToolTurns? turns = null)
    {
        var tools = request.Tools;
        scan.Hashing = (request.System is { } s && HasCacheControl(s)) || request.Messages.Exists(m => HasCacheControl(m.Content))
            || (tools?.Exists(t => t.CacheControl is not null) ?? false);
        if (tools is not null)
        {
            scan.AddBoundary('t');
            foreach (var tool in tools)
            {
                scan.AddText(tool.Name);
                scan.AddText(tool.Description);
                scan.AddText(tool.InputSchema?.GetRawText());
                if (tool.CacheControl is not null)
                {
                    scan.CachePoint();
                }
            }
        }

        if (request.System is { } system)
        {
            scan.AddBoundary('s');
            ScanContent(scan, system, thinkingCounts: false, turns: null);
        }

        // Claude keeps the thinking of the current tool-use exchange, the assistant turns after the last
        // user message that is not only tool results, and strips earlier thinking from its context.
        var exchangeStart = request.Messages.FindLastIndex(m => m.Role != "assistant" && !OnlyToolResults(m.Content));
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            scan.AddBoundary(message.Role is "assistant" ? 'a' : 'u');
            turns?.BeginMessage(message.Role is "assistant");
            ScanContent(scan, message.Content, i > exchangeStart && message.Role == "assistant", turns);
        }
    }

    private static string? Validate(AnthropicRequest request, int modelMaxOutput, string baseModel)
    {
        if (request.MaxTokens == 0)
        {
            return "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.";
        }

        if (request.MaxTokens < 1)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Malformed input request: #/max_tokens: {request.MaxTokens} is not greater or equal to 1, please reformat your input and try again.");
        }

        if (request.MaxTokens > modelMaxOutput)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"max_tokens: {request.MaxTokens} > {modelMaxOutput}, which is the maximum allowed number of output tokens for {baseModel}");
        }

        if (request.Messages is null || request.Messages.Count == 0)
        {
            return NoMessages;
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            var role = request.Messages[i].Role;
            if (role is not ("user" or "assistant"))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"messages.{i}.role: Input should be 'user' or 'assistant', got '{role}'");
            }

            if (i == 0 && role != "user")
            {
                return "messages: the first message must use the \"user\" role";
            }
        }

        return null;
    }

    private static bool HasCacheControl(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("cache_control", out var cc) && cc.ValueKind == JsonValueKind.Object)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A string member read lazily from the document: an escaped lone surrogate (<c>"\ud800"</c>)
    /// only fails here, and must be malformed input like any other bad JSON, not a crash.
    /// </summary>
    internal static string? TextOf(JsonElement text)
    {
        try
        {
            return text.GetString();
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("a string is not valid Unicode (a lone surrogate escape)", e);
        }
    }

    private static void ScanContent(PromptScan scan, JsonElement content, bool thinkingCounts, ToolTurns? turns)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                scan.AddText(TextOf(content));
                turns?.Block("text");
                break;
            case JsonValueKind.Array:
                var index = -1;
                foreach (var block in content.EnumerateArray())
                {
                    index++;
                    if (block.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    if (block.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        scan.AddText(TextOf(text));
                    }

                    ScanToolBlock(scan, block, index, thinkingCounts, turns);

                    // cache_control marks the end of a cacheable prefix, this block included.
                    if (block.TryGetProperty("cache_control", out var cc) && cc.ValueKind == JsonValueKind.Object)
                    {
                        scan.CachePoint();
                    }
                }

                break;
        }
    }

    /// <summary>tool_use (name and input), tool_result (its content, a string or blocks), thinking of the current tool-use exchange.</summary>
    private static void ScanToolBlock(PromptScan scan, JsonElement block, int index, bool thinkingCounts, ToolTurns? turns)
    {
        if (!block.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return;
        }

        if (turns is not null)
        {
            if (type.ValueEquals("thinking"))
            {
                turns.Thinking(index, StringOf(block, "thinking"), StringOf(block, "signature"));
            }
            else
            {
                turns.Block(TextOf(type) ?? "");
            }
        }

        if (type.ValueEquals("tool_use"))
        {
            turns?.ToolUse(StringOf(block, "id"));
            scan.AddText(StringOf(block, "name"));
            if (block.TryGetProperty("input", out var input))
            {
                scan.AddText(input.GetRawText());
            }
        }
        else if (type.ValueEquals("tool_result"))
        {
            turns?.ToolResult(StringOf(block, "tool_use_id"), index);
            if (block.TryGetProperty("content", out var result))
            {
                ScanContent(scan, result, thinkingCounts: false, turns: null);
            }
        }
        else if (thinkingCounts && type.ValueEquals("thinking"))
        {
            scan.AddText(StringOf(block, "thinking"));
        }
    }

    /// <summary>Whether a user message's content is tool results alone (a string is text).</summary>
    private static bool OnlyToolResults(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var type) || !type.ValueEquals("tool_result"))
            {
                return false;
            }
        }

        return true;
    }

    private static string? StringOf(JsonElement block, string name)
        => block.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? TextOf(value) : null;
}
