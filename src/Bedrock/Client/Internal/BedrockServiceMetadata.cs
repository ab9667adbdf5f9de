using Amazon.Runtime.Internal;

namespace LoadTest.Bedrock.Client.Internal;

internal sealed class BedrockServiceMetadata : IServiceMetadata
{
    public static readonly BedrockServiceMetadata Instance = new();

    public string ServiceId => "Bedrock Runtime";

    public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>();
}
