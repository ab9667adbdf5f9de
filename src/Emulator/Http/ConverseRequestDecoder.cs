using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LoadTest.Bedrock.Wire;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Routing;
using LoadTest.Emulator.Wire;

namespace LoadTest.Emulator.Http;

/// <summary>
/// The body of Converse and ConverseStream: validated with Bedrock's messages, then scanned. Tools
/// (<c>toolConfig</c>), Claude's thinking (<c>additionalModelRequestFields.thinking</c>, or the
/// <c>reasoning_config</c> spelling of Bedrock's Claude 3.7 examples, with <c>anthropic_beta</c>) and the
/// toolUse / toolResult / reasoningContent blocks are fields of the shared wire records
/// (<see cref="ConverseRequest"/>, <see cref="ContentBlock"/>). Everything the
/// model reads counts as input: tool definitions (name, description, schema JSON), tool calls and tool
/// results of earlier turns, and the reasoning of the current tool-use exchange (Claude strips the
/// thinking of earlier turns from its context once a user message other than tool results comes).
/// </summary>
internal sealed class ConverseRequestDecoder : IRequestDecoder
{
    /// <summary>Bedrock's message when the first message is not the user's.</summary>
    public const string MustStartWithUser = "A conversation must start with a user message. Try again with a conversation that starts with a user message.";

    /// <summary>Bedrock's message when two messages in a row have the same role.</summary>
    public const string MustAlternate = "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";

    private readonly ReservationPolicy _reservation;

    /// <param name="reservation">Gives the output cap when the body sets no maxTokens (the model\'s maximum output by default).</param>
    public ConverseRequestDecoder(ReservationPolicy reservation)
    {
        _reservation = reservation;
    }

    public string? Decode(ReadOnlySequence<byte> body, EmulatedModel model, InferenceRequest request)
    {
        var converse = RequestBody.Deserialize(body, BedrockJsonContext.Default.ConverseRequest);
        if (converse is null)
        {
            return RequestBody.NotAnObject;
        }

        var invalid = Validate(converse.Messages, model.MaxOutputTokens, converse.InferenceConfig?.MaxTokens);
        if (invalid is not null)
        {
            return invalid;
        }

        request.MaxTokens = _reservation.MaxTokensFor(converse.InferenceConfig?.MaxTokens, model.MaxOutputTokens);
        invalid = ReadTools(converse.ToolConfig, request) ?? ReadThinking(converse.AdditionalModelRequestFields, converse.InferenceConfig?.Temperature, model, request);
        if (invalid is not null)
        {
            return invalid;
        }

        var turns = new ToolTurns();
        Scan(request.Scan, converse.System, converse.Messages, converse.ToolConfig, turns);
        if (turns.CheckConverse(converse.ToolConfig is not null) is { } badTurns)
        {
            return badTurns;
        }

        if (turns.CheckThinking(request.Thinking is not null) is { } badThinking)
        {
            return ThinkingRules.ModelErrorPrefix + badThinking;
        }

        request.Scan.Steer(OutputSteering.FromMetadata(converse.RequestMetadata), OutputSteering.ThinkingFromMetadata(converse.RequestMetadata));
        request.RequestMetadata = converse.RequestMetadata;
        return request.CheckContextWindow(model);
    }

    /// <summary>Reads toolConfig into the request; returns Bedrock's message for a config it refuses.</summary>
    private static string? ReadTools(ToolConfiguration? config, InferenceRequest request)
    {
        if (config is null)
        {
            return null;
        }

        if (config.Tools is not { Count: > 0 } tools)
        {
            return "1 validation error detected: Value '[]' at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1";
        }

        var declared = new List<DeclaredTool>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i].ToolSpec is { } spec)
            {
                if (string.IsNullOrEmpty(spec.Name))
                {
                    return string.Create(CultureInfo.InvariantCulture,
                        $"1 validation error detected: Value null at 'toolConfig.tools.{i + 1}.member.toolSpec.name' failed to satisfy constraint: Member must not be null");
                }

                declared.Add(new DeclaredTool(spec.Name, spec.InputSchema?.Json));
            }
        }

        request.Tools = declared;
        if (config.ToolChoice is { } choice)
        {
            if (choice.Tool is { } named)
            {
                request.ToolChoice = ToolChoice.Tool;
                request.ChosenTool = named.Name;
                if (!declared.Exists(t => t.Name == named.Name))
                {
                    // The emulator's wording: Bedrock's exact text for this case is not on record.
                    return ThinkingRules.ModelErrorPrefix + $"tool_choice.name: '{named.Name}' is not one of the declared tools";
                }
            }
            else if (choice.Any is not null)
            {
                request.ToolChoice = ToolChoice.Any;
            }
        }

        return null;
    }

    /// <summary>Claude's thinking switch in additionalModelRequestFields; other families' fields are not looked at.</summary>
    private static string? ReadThinking(JsonElement? fields, float? temperature, EmulatedModel model, InferenceRequest request)
    {
        if (model.Family != ModelFamily.AnthropicClaude || fields is not { ValueKind: JsonValueKind.Object } f)
        {
            return null;
        }

        if (!f.TryGetProperty("thinking", out var thinking) && !f.TryGetProperty("reasoning_config", out thinking))
        {
            return null;
        }

        if (thinking.ValueKind != JsonValueKind.Object)
        {
            return ThinkingRules.ModelErrorPrefix + "thinking: Input should be a valid dictionary or object to extract fields from";
        }

        var type = thinking.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        int? budget = thinking.TryGetProperty("budget_tokens", out var b) && b.TryGetInt32(out var n) ? n : null;
        var interleaved = f.TryGetProperty("anthropic_beta", out var beta) && ThinkingRules.AsksInterleaved(beta);
        var invalid = ThinkingRules.Check(type, budget, interleaved, request.MaxTokens, temperature, model, request.ToolChoice, out var setting);
        request.Thinking = setting;
        return invalid is null ? null : ThinkingRules.ModelErrorPrefix + invalid;
    }

    /// <summary>Bedrock's checks of a Converse conversation; returns the ValidationException message or null.</summary>
    public static string? Validate(List<Message>? messages, int modelMaxOutput, int? maxTokens)
    {
        if (messages is null || messages.Count == 0)
        {
            return "The request has no messages. A conversation must start with a user message. Try again with at least one message.";
        }

        if (maxTokens is < 1)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"1 validation error detected: Value '{maxTokens}' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }

        if (maxTokens > modelMaxOutput)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The maximum tokens you requested exceeds the model limit of {modelMaxOutput}. Try again with a maximum tokens value that is lower than {modelMaxOutput}.");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var role = m.Role;
            if (role is not ("user" or "assistant"))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"1 validation error detected: Value '{role}' at 'messages.{i + 1}.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
            }

            if (i == 0 && role != "user")
            {
                return MustStartWithUser;
            }

            if (i > 0 && role == messages[i - 1].Role)
            {
                return MustAlternate;
            }

            if (m.Content is null || m.Content.Count == 0)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content field and try again.");
            }
        }

        return null;
    }

    /// <summary>
    /// Walks the tools, the system blocks, then the messages (Claude's prompt order); a cachePoint block ends
    /// a cacheable prefix. <paramref name="turns"/> collects the tool calls and results for their checks.
    /// </summary>
    public static void Scan(PromptScan scan, List<SystemContentBlock>? system, List<Message>? messages, ToolConfiguration? toolConfig = null, ToolTurns? turns = null)
    {
        scan.Hashing = HasCachePoint(system, messages) || (toolConfig?.Tools?.Exists(t => t.CachePoint is not null) ?? false);
        if (toolConfig?.Tools is { } tools)
        {
            scan.AddBoundary('t');
            foreach (var tool in tools)
            {
                if (tool.ToolSpec is { } spec)
                {
                    scan.AddText(spec.Name);
                    scan.AddText(spec.Description);
                    scan.AddText(spec.InputSchema?.Json?.GetRawText());
                }

                if (tool.CachePoint is not null)
                {
                    scan.CachePoint();
                }
            }
        }

        if (system is not null)
        {
            scan.AddBoundary('s');
            foreach (var block in system)
            {
                scan.AddText(block.Text);
                if (block.CachePoint is not null)
                {
                    scan.CachePoint();
                }
            }
        }

        if (messages is null)
        {
            return;
        }

        // Claude keeps the thinking of the current tool-use exchange, the assistant turns after the last
        // user message that is not only tool results, and strips earlier thinking from its context.
        var exchangeStart = messages.FindLastIndex(m => m.Role != "assistant" && (m.Content?.Exists(b => b.ToolResult is null && b.CachePoint is null) ?? true));
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            scan.AddBoundary(message.Role is "assistant" ? 'a' : 'u');
            turns?.BeginMessage(message.Role is "assistant");
            if (message.Content is null)
            {
                continue;
            }

            for (var j = 0; j < message.Content.Count; j++)
            {
                var block = message.Content[j];
                scan.AddText(block.Text);
                ScanToolBlock(scan, block, j, i > exchangeStart && message.Role == "assistant", turns);

                if (block.CachePoint is not null)
                {
                    scan.CachePoint();
                }
            }
        }
    }

    private static void ScanToolBlock(PromptScan scan, ContentBlock block, int index, bool thinkingCounts, ToolTurns? turns)
    {
        if (turns is not null)
        {
            TrackBlock(block, index, turns);
        }

        if (block.ToolUse is { } use)
        {
            turns?.ToolUse(use.ToolUseId);
            scan.AddText(use.Name);
            scan.AddText(use.Input?.GetRawText());
        }

        if (block.ToolResult is { } result)
        {
            turns?.ToolResult(result.ToolUseId, index);
            foreach (var part in result.Content ?? [])
            {
                scan.AddText(part.Text);
                scan.AddText(part.Json?.GetRawText());
            }
        }

        if (thinkingCounts && block.ReasoningContent?.ReasoningText is { } reasoning)
        {
            scan.AddText(reasoning.Text);
        }
    }

    /// <summary>The block's kind for the turn checks, in the Anthropic spelling Claude's errors use; a thinking block with its text and signature.</summary>
    private static void TrackBlock(ContentBlock block, int index, ToolTurns turns)
    {
        switch (block)
        {
            case { ReasoningContent.ReasoningText: { } reasoning }:
                turns.Thinking(index, reasoning.Text, reasoning.Signature);
                break;
            case { ReasoningContent.RedactedContent: not null }:
                turns.Block("redacted_thinking");
                break;
            case { ToolUse: not null }:
                turns.Block("tool_use");
                break;
            case { ToolResult: not null }:
                turns.Block("tool_result");
                break;
            case { Text: not null }:
                turns.Block("text");
                break;
            default:
                break;
        }
    }

    private static bool HasCachePoint(List<SystemContentBlock>? system, List<Message>? messages)
    {
        if (system is not null)
        {
            foreach (var block in system)
            {
                if (block.CachePoint is not null)
                {
                    return true;
                }
            }
        }

        if (messages is not null)
        {
            foreach (var message in messages)
            {
                if (message.Content is null)
                {
                    continue;
                }

                foreach (var block in message.Content)
                {
                    if (block.CachePoint is not null)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
