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

/// <summary>
/// Each operation's name and its path after <c>/model/{modelId}/</c> (the service model's
/// <c>requestUri</c>), the one table the client builds requests from and the emulator routes by.
/// </summary>
public static class BedrockOperations
{
    /// <summary>The operation's name as the API, CloudTrail and invocation logs spell it.</summary>
    public static string Name(this BedrockOperation operation) => operation switch
    {
        BedrockOperation.Converse => "Converse",
        BedrockOperation.ConverseStream => "ConverseStream",
        BedrockOperation.InvokeModel => "InvokeModel",
        BedrockOperation.InvokeModelWithResponseStream => "InvokeModelWithResponseStream",
        BedrockOperation.CountTokens => "CountTokens",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>The path segment after <c>/model/{modelId}/</c>.</summary>
    public static string PathSuffix(this BedrockOperation operation) => operation switch
    {
        BedrockOperation.Converse => "converse",
        BedrockOperation.ConverseStream => "converse-stream",
        BedrockOperation.InvokeModel => "invoke",
        BedrockOperation.InvokeModelWithResponseStream => "invoke-with-response-stream",
        BedrockOperation.CountTokens => "count-tokens",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>The operation a path segment names (exact, case-sensitive, as Bedrock routes).</summary>
    public static bool TryParsePathSuffix(ReadOnlySpan<char> suffix, out BedrockOperation operation)
        => TryFind(suffix, PathSuffix, out operation);

    /// <summary>The operation an invocation log or CloudTrail record names (exact, case-sensitive).</summary>
    public static bool TryParseName(ReadOnlySpan<char> name, out BedrockOperation operation)
        => TryFind(name, Name, out operation);

    /// <summary>Every operation, in declaration order.</summary>
    public static IReadOnlyList<BedrockOperation> All => Values;

    private static readonly BedrockOperation[] Values = Enum.GetValues<BedrockOperation>();

    private static bool TryFind(ReadOnlySpan<char> text, Func<BedrockOperation, string> spelling, out BedrockOperation operation)
    {
        foreach (var candidate in Values)
        {
            if (text.SequenceEqual(spelling(candidate)))
            {
                operation = candidate;
                return true;
            }
        }

        operation = default;
        return false;
    }
}
