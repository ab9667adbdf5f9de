namespace LoadTest.Core.Models;

/// <summary>
/// Which provider format a model speaks: the InvokeModel body and stream chunks it takes, and which
/// of the four inference operations it supports. Converse is the same for every text family.
/// </summary>
public enum ModelFamily
{
    /// <summary>Anthropic Claude: the Anthropic Messages body on InvokeModel; all four operations and CountTokens.</summary>
    AnthropicClaude,

    /// <summary>
    /// Amazon Nova (Nova 2 Lite): Nova's own messages body on InvokeModel (<c>messages</c>,
    /// <c>system</c>, <c>inferenceConfig</c>) and Converse-shaped stream chunks; all four operations.
    /// </summary>
    AmazonNova,

    /// <summary>Cohere Embed (v4): an embeddings body on InvokeModel only; input tokens, no output.</summary>
    CohereEmbed,
}
