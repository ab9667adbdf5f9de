namespace LoadTest.Core.Access;

/// <summary>
/// The Bedrock Runtime operations, as CloudTrail names them: what a workload sends, what the
/// emulator serves and what a call is authorized as.
/// </summary>
public enum BedrockOperation
{
    Converse,
    ConverseStream,
    InvokeModel,
    InvokeModelWithResponseStream,
    CountTokens,
}
