namespace LoadTest.Emulator.Http;

/// <summary>The Bedrock Runtime operations the emulator serves, by the last path segment.</summary>
internal enum BedrockOperation
{
    Converse,
    ConverseStream,
    InvokeModel,
    InvokeModelWithResponseStream,
    CountTokens,
}
