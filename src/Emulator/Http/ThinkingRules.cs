using System.Globalization;
using System.Text.Json;
using LoadTest.Core.Models;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.Http;

/// <summary>
/// Claude's checks of a <c>thinking</c> setting, in the words Anthropic's API answers with (Bedrock passes
/// them on; through Converse prefixed with "The model returned the following errors: "). Sources:
/// "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"
/// (https://github.com/danny-avila/LibreChat/issues/8346, Bedrock Converse); "`max_tokens` must be greater
/// than `thinking.budget_tokens`. Please consult our documentation at ..."
/// (https://github.com/vercel/ai/issues/7927, Bedrock Converse); the budget may exceed max_tokens with the
/// interleaved-thinking beta (Anthropic's extended-thinking guide); "adaptive thinking is not supported on
/// this model" and "\"thinking.type.enabled\" is not supported for this model. ..."
/// (https://github.com/lidge-jun/opencodex/pull/65, measured against Anthropic's API); forced tool use
/// with thinking is refused (Anthropic's extended-thinking guide, "Tool use with thinking only supports
/// tool_choice auto or none"), and so is a temperature other than 1 (<see cref="TemperatureWithThinking"/>).
/// </summary>
internal static class ThinkingRules
{
    /// <summary>The smallest budget Claude accepts.</summary>
    public const int MinBudgetTokens = 1_024;

    /// <summary>The beta that lets thinking run between tool calls, with a budget past max_tokens.</summary>
    public const string InterleavedBeta = "interleaved-thinking-2025-05-14";

    /// <summary>How Bedrock's Converse wraps an error the model returned.</summary>
    public const string ModelErrorPrefix = "The model returned the following errors: ";

    public const string BudgetNotBelowMax = "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size";

    public const string AdaptiveUnsupported = "adaptive thinking is not supported on this model";

    public const string BudgetUnsupported = "\"thinking.type.enabled\" is not supported for this model. Use \"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior.";

    public const string ForcedToolWithThinking = "Thinking may not be enabled when tool_choice forces tool use.";

    /// <summary>
    /// A temperature other than 1 with thinking on: Anthropic's words for budget thinking
    /// (https://github.com/MartialBE/one-hub/issues/529; through Bedrock Converse
    /// https://github.com/Aider-AI/aider/issues/3720) and for adaptive thinking
    /// (https://github.com/dotCipher/opencode-claude-bridge/pull/1).
    /// </summary>
    public const string TemperatureWithThinking = "`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking";

    public const string TemperatureWithAdaptive = "`temperature` may only be set to 1 when thinking is enabled or in adaptive mode";

    /// <summary>
    /// The last assistant turn of a tool-use exchange sent back without its thinking block while thinking
    /// is on. Anthropic's words, which Bedrock Converse passes on after <see cref="ModelErrorPrefix"/>
    /// (through Converse: https://github.com/anomalyco/opencode/issues/3077; InvokeModel and Anthropic's
    /// API: https://github.com/deepset-ai/haystack-core-integrations/issues/2146). "preceeding" is theirs.
    /// </summary>
    public static string ThinkingBlockMissing(int message, string found) => string.Create(CultureInfo.InvariantCulture,
        $"messages.{message}.content.0.type: Expected `thinking` or `redacted_thinking`, but found `{found}`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking");

    /// <summary>
    /// A thinking block whose signature does not match its text (edited, truncated, or not the model's).
    /// Anthropic's words (https://github.com/ding113/claude-code-hub/issues/518); through Bedrock Converse
    /// a report quotes it after <see cref="ModelErrorPrefix"/> without the backticks around "signature"
    /// (https://github.com/openclaw/openclaw/pull/95819), which may be a paraphrase: the exact Bedrock
    /// wording is approximate.
    /// </summary>
    public static string InvalidSignature(int message, int block)
        => string.Create(CultureInfo.InvariantCulture, $"messages.{message}.content.{block}: Invalid `signature` in `thinking` block");

    /// <summary>A thinking block sent back without its signature, as Bedrock words it (https://github.com/can1357/oh-my-pi/pull/10486).</summary>
    public static string SignatureRequired(int message, int block)
        => string.Create(CultureInfo.InvariantCulture, $"messages.{message}.content.{block}.thinking.signature: Field required");

    /// <summary>
    /// Reads a <c>thinking</c> object (<paramref name="type"/>, <paramref name="budget"/>) and checks it
    /// against the request and the model. Returns the error (without any prefix) or null; on success
    /// <paramref name="thinking"/> is the setting, or null when thinking is off.
    /// </summary>
    public static string? Check(string? type, int? budget, bool interleaved, int maxTokens, float? temperature, EmulatedModel model, ToolChoice choice, out ThinkingRequest? thinking)
    {
        thinking = null;
        switch (type)
        {
            case "disabled":
                return null;
            case "enabled":
                if (budget is null)
                {
                    return "thinking.enabled.budget_tokens: Field required";
                }

                if (budget < MinBudgetTokens)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"thinking.enabled.budget_tokens: Input should be greater than or equal to {MinBudgetTokens}");
                }

                if (!model.Spec.Thinking.HasFlag(ThinkingSupport.Budget))
                {
                    return BudgetUnsupported;
                }

                if (budget >= maxTokens && !interleaved)
                {
                    return BudgetNotBelowMax;
                }

                thinking = new ThinkingRequest(Adaptive: false, budget.Value, interleaved);
                break;
            case "adaptive":
                if (!model.Spec.Thinking.HasFlag(ThinkingSupport.Adaptive))
                {
                    return AdaptiveUnsupported;
                }

                thinking = new ThinkingRequest(Adaptive: true, 0, interleaved);
                break;
            default:
                return $"thinking: Input tag '{type}' found using 'type' does not match any of the expected tags: 'adaptive', 'disabled', 'enabled'";
        }

        if (temperature is { } t && t != 1f)
        {
            return thinking.Adaptive ? TemperatureWithAdaptive : TemperatureWithThinking;
        }

        return choice is ToolChoice.Any or ToolChoice.Tool ? ForcedToolWithThinking : null;
    }

    /// <summary>Whether an <c>anthropic_beta</c> value (a list of names, or one name) asks for interleaved thinking.</summary>
    public static bool AsksInterleaved(JsonElement? betas)
    {
        if (betas is not { } b)
        {
            return false;
        }

        if (b.ValueKind == JsonValueKind.String)
        {
            return b.ValueEquals(InterleavedBeta);
        }

        if (b.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var name in b.EnumerateArray())
        {
            if (name.ValueKind == JsonValueKind.String && name.ValueEquals(InterleavedBeta))
            {
                return true;
            }
        }

        return false;
    }
}
