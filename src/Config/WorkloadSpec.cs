namespace LoadTest.Config;

/// <summary>One kind of request a product sends: model, operation and token shape.</summary>
public sealed record WorkloadSpec
{
    public required string Name { get; init; }

    public required string Model { get; init; }

    public ApiKind Api { get; init; } = ApiKind.Converse;

    /// <summary>Uncached input tokens of the user turn.</summary>
    public required TokenDistribution InputTokens { get; init; }

    /// <summary>Output tokens asked for (capped by <see cref="MaxTokens"/>).</summary>
    public required TokenDistribution OutputTokens { get; init; }

    /// <summary>
    /// maxTokens sent with every request (1,024 when the key is absent); null = <c>maxTokens: unset</c>:
    /// the request sends none, and Bedrock reserves the model's maximum output for it.
    /// </summary>
    public int? MaxTokens { get; init; } = 1024;

    /// <summary>A shared system prompt of this size followed by a cache point; 0 = none.</summary>
    public int CachedPrefixTokens { get; init; }
}
