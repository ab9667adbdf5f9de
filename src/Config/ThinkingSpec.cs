namespace LoadTest.Config;

/// <summary>
/// Extended or adaptive thinking on a workload's requests (Claude 4.x). Thinking tokens are output
/// tokens: they burn down like the answer and count inside maxTokens.
/// </summary>
public sealed record ThinkingSpec
{
    /// <summary><c>thinking: adaptive</c>: the model decides how much to think; no budget is sent.</summary>
    public bool Adaptive { get; init; }

    /// <summary>budget_tokens sent with every request (extended thinking); null when adaptive.</summary>
    public int? BudgetTokens { get; init; }

    /// <summary>Thinking tokens a request actually produces (capped by the budget when one is set).</summary>
    public required TokenDistribution Used { get; init; }
}
