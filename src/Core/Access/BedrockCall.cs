namespace LoadTest.Core.Access;

/// <summary>
/// One Bedrock Runtime call to authorize: the model ID as the client sent it (base model,
/// geographic or global profile ID, or application-inference-profile ARN), the operation, the
/// source Region the request was sent to and the caller's account. For an application profile,
/// <see cref="UnderlyingModelId"/> is the model or system profile it was made from (what
/// <c>modelSource.copyFrom</c> named), whose checks the call also makes.
/// </summary>
public sealed record BedrockCall(string ModelId, BedrockOperation Operation, string SourceRegion, string Account, string? UnderlyingModelId = null)
{
    public string Action => BedrockActions.For(Operation);
}
