namespace LoadTest.Bedrock.Client.Internal;

/// <summary>One Bedrock Runtime operation: its name (for errors and the SDK) and its path after /model/{modelId}/.</summary>
internal sealed record BedrockOperation(string Name, string PathSuffix, bool Streaming)
{
    public static readonly BedrockOperation Converse = new("Converse", "converse", false);
    public static readonly BedrockOperation ConverseStream = new("ConverseStream", "converse-stream", true);
    public static readonly BedrockOperation InvokeModel = new("InvokeModel", "invoke", false);
    public static readonly BedrockOperation InvokeModelWithResponseStream = new("InvokeModelWithResponseStream", "invoke-with-response-stream", true);
    public static readonly BedrockOperation CountTokens = new("CountTokens", "count-tokens", false);
}
