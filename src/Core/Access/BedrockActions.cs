namespace LoadTest.Core.Access;

/// <summary>
/// The IAM action each operation is authorized as: Converse and InvokeModel need
/// <c>bedrock:InvokeModel</c>; the streaming operations need
/// <c>bedrock:InvokeModelWithResponseStream</c>, which the policy examples in AWS's posts leave out.
/// </summary>
public static class BedrockActions
{
    public const string InvokeModel = "bedrock:InvokeModel";
    public const string InvokeModelWithResponseStream = "bedrock:InvokeModelWithResponseStream";
    public const string CountTokens = "bedrock:CountTokens";

    public static string For(BedrockOperation operation) => operation switch
    {
        BedrockOperation.Converse or BedrockOperation.InvokeModel => InvokeModel,
        BedrockOperation.ConverseStream or BedrockOperation.InvokeModelWithResponseStream => InvokeModelWithResponseStream,
        BedrockOperation.CountTokens => CountTokens,
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
