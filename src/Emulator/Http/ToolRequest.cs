using System.Text.Json;

namespace LoadTest.Emulator.Http;

/// <summary>One tool the request declares: its name and the JSON schema of its input (null when none was given).</summary>
internal sealed record DeclaredTool(string Name, JsonElement? InputSchema);

/// <summary>How the request lets the model pick a tool (Converse <c>toolChoice</c>, Anthropic <c>tool_choice</c>).</summary>
internal enum ToolChoice
{
    /// <summary>The default: the model decides (here: a tool call only when the last message steers one).</summary>
    Auto,

    /// <summary>Some tool must be called.</summary>
    Any,

    /// <summary>The named tool must be called.</summary>
    Tool,

    /// <summary>No tool may be called (Anthropic only).</summary>
    None,
}

/// <summary>What a request asked for thinking: a budget (<c>enabled</c>) or adaptive.</summary>
/// <param name="Adaptive">True for <c>{type: "adaptive"}</c>.</param>
/// <param name="BudgetTokens">The budget of <c>{type: "enabled"}</c>; 0 for adaptive.</param>
/// <param name="Interleaved">The interleaved-thinking beta was asked for: the budget may exceed max_tokens.</param>
internal sealed record ThinkingRequest(bool Adaptive, int BudgetTokens, bool Interleaved);
