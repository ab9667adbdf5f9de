namespace LoadTest.Config;

/// <summary>
/// Tool use on a workload's requests: <see cref="Count"/> tool definitions sent with every request,
/// and the share of answers that call one (the next turn of the session then carries its result).
/// </summary>
public sealed record ToolsSpec
{
    /// <summary>Tool definitions declared on every request.</summary>
    public required int Count { get; init; }

    /// <summary>Share of answers, 0 to 1, that end in a tool call.</summary>
    public required double CallRate { get; init; }

    /// <summary>Tokens one tool definition (name, description, JSON schema) adds to the input.</summary>
    public int DefinitionTokens { get; init; } = 150;

    /// <summary>Tokens of one tool result sent back in the next turn.</summary>
    public TokenDistribution ResultTokens { get; init; } = TokenDistribution.Constant(200);
}
