namespace LoadTest.Core.Models;

/// <summary>
/// Which Claude thinking modes a model accepts. Extended thinking with a budget
/// (<c>thinking: {type: "enabled", budget_tokens}</c>) runs on every Claude 4.x model in the catalog;
/// adaptive thinking (<c>{type: "adaptive"}</c>) only on Claude Opus 4.6 and Sonnet 4.6 (Anthropic's
/// adaptive-thinking page, "Supported models"; the 4.5 models answer 400 "adaptive thinking is not
/// supported on this model").
/// </summary>
[Flags]
public enum ThinkingSupport
{
    None = 0,

    /// <summary><c>{type: "enabled", budget_tokens: N}</c>.</summary>
    Budget = 1,

    /// <summary><c>{type: "adaptive"}</c>.</summary>
    Adaptive = 2,
}
