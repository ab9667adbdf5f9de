namespace LoadTest.Config;

/// <summary>One kind of request a product sends: model, operation and token shape.</summary>
public sealed record WorkloadSpec
{
    public required string Name { get; init; }

    public required string Model { get; init; }

    public ApiKind Api { get; init; } = ApiKind.Converse;

    /// <summary>Uncached input tokens of the user turn.</summary>
    public required TokenDistribution InputTokens { get; init; }

    /// <summary>Output tokens asked for (capped by <see cref="MaxTokens"/>); a fixed 0 for <c>api: embed</c>.</summary>
    public required TokenDistribution OutputTokens { get; init; }

    /// <summary>
    /// maxTokens sent with every request (1,024 when the key is absent); null = <c>maxTokens: unset</c>:
    /// the request sends none, and Bedrock reserves the model's maximum output for it. Always null for
    /// <c>api: embed</c>, whose model's maximum output is 0.
    /// </summary>
    public int? MaxTokens { get; init; } = 1024;

    /// <summary>A shared system prompt of this size followed by a cache point; 0 = none.</summary>
    public int CachedPrefixTokens { get; init; }

    /// <summary>Extended or adaptive thinking; null = off.</summary>
    public ThinkingSpec? Thinking { get; init; }

    /// <summary>Tool definitions and tool calls; null = none.</summary>
    public ToolsSpec? Tools { get; init; }

    /// <summary>Multi-turn sessions; null = every request is a single turn.</summary>
    public SessionSpec? Session { get; init; }

    /// <summary>
    /// Texts per embedding request (<c>api: embed</c> only, 1 when the key is absent; null otherwise).
    /// Each text is <see cref="InputTokens"/> tokens. Its p95 is at most the model's
    /// <see cref="Core.Models.ModelSpec.MaxTextsPerRequest"/> (checked at load); a sample drawn above
    /// that limit is capped at <see cref="MaxTexts"/>, or Bedrock would refuse the request.
    /// </summary>
    public TokenDistribution? Texts { get; init; }

    /// <summary>The most texts one request may carry (the model's limit, set at load); samples of <see cref="Texts"/> are capped at it.</summary>
    public int MaxTexts { get; init; } = 96;
}
