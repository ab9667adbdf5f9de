namespace LoadTest.Planner.Mix;

/// <summary>
/// The quota-relevant shape of one request: what the throttling simulation draws from the mix.
/// ServiceSeconds is how long the request holds its reservation (null = use the fixed setting).
/// </summary>
public readonly record struct RequestShape(long InputTokens, long CacheWriteTokens, long OutputTokens, long MaxTokens, double? ServiceSeconds)
{
    /// <summary>The thinking part of <see cref="OutputTokens"/> (0 without thinking).</summary>
    public long ThinkingTokens { get; init; }
}
