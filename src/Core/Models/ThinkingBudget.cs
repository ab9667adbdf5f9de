namespace LoadTest.Core.Models;

/// <summary>The bounds of Claude's extended-thinking budget (<c>thinking.budget_tokens</c>).</summary>
public static class ThinkingBudget
{
    /// <summary>
    /// The smallest budget Claude accepts: a smaller one is refused with
    /// "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024" (Anthropic's
    /// extended-thinking guide; the same words through Bedrock).
    /// </summary>
    public const int MinTokens = 1_024;
}
