namespace LoadTest.Core.Access;

/// <summary>The Bedrock Runtime operations a workload sends, as CloudTrail names them.</summary>
public enum BedrockOperation
{
    Converse,
    ConverseStream,
    InvokeModel,
    InvokeModelWithResponseStream,
}
