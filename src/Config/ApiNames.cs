using LoadTest.Core.Access;

namespace LoadTest.Config;

/// <summary>The spelling of <see cref="ApiKind"/> in scenarios.yaml and the per-request result rows.</summary>
public static class ApiNames
{
    public static IReadOnlyList<string> All { get; } = ["converse", "converse-stream", "invoke", "invoke-stream", "embed"];

    public static string ToText(this ApiKind api) => api switch
    {
        ApiKind.Converse => "converse",
        ApiKind.ConverseStream => "converse-stream",
        ApiKind.Invoke => "invoke",
        ApiKind.InvokeStream => "invoke-stream",
        ApiKind.Embed => "embed",
        _ => throw new ArgumentOutOfRangeException(nameof(api)),
    };

    public static bool TryParse(string text, out ApiKind api)
    {
        api = text switch
        {
            "converse" => ApiKind.Converse,
            "converse-stream" => ApiKind.ConverseStream,
            "invoke" => ApiKind.Invoke,
            "invoke-stream" => ApiKind.InvokeStream,
            "embed" => ApiKind.Embed,
            _ => (ApiKind)(-1),
        };
        return (int)api >= 0;
    }

    /// <summary>
    /// The API of a Bedrock Runtime operation as invocation logs and CloudTrail name it
    /// (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream); false for any other
    /// (CountTokens, ApplyGuardrail...), which no workload can send.
    /// </summary>
    public static bool TryParseOperation(string operation, out ApiKind api)
    {
        var known = BedrockOperations.TryParseName(operation, out var parsed);
        api = !known ? (ApiKind)(-1) : parsed switch
        {
            BedrockOperation.Converse => ApiKind.Converse,
            BedrockOperation.ConverseStream => ApiKind.ConverseStream,
            BedrockOperation.InvokeModel => ApiKind.Invoke,
            BedrockOperation.InvokeModelWithResponseStream => ApiKind.InvokeStream,
            _ => (ApiKind)(-1),
        };
        return (int)api >= 0;
    }

    /// <summary>The Bedrock Runtime operation a workload of this API sends (an embedding request is an InvokeModel).</summary>
    public static BedrockOperation ToOperation(this ApiKind api) => api switch
    {
        ApiKind.Converse => BedrockOperation.Converse,
        ApiKind.ConverseStream => BedrockOperation.ConverseStream,
        ApiKind.Invoke or ApiKind.Embed => BedrockOperation.InvokeModel,
        ApiKind.InvokeStream => BedrockOperation.InvokeModelWithResponseStream,
        _ => throw new ArgumentOutOfRangeException(nameof(api)),
    };

    public static bool IsStreaming(this ApiKind api) => api is ApiKind.ConverseStream or ApiKind.InvokeStream;
}
