namespace LoadTest.Bedrock.Client;

/// <summary>A completed non-streaming call: the response and what the call did.</summary>
public sealed record BedrockResult<T>(T Response, CallReport Report);
