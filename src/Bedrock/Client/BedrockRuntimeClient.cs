using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client;

/// <summary>
/// A thin Bedrock Runtime client on AWSSDK.Core's pipeline: signing, credentials and the
/// standard/adaptive retry modes are the SDK's own. Thread-safe; share one instance per target.
/// </summary>
public sealed class BedrockRuntimeClient : IDisposable
{
    public BedrockRuntimeClient(BedrockClientOptions options)
    {
        Options = options;
    }

    public BedrockClientOptions Options { get; }

    public Task<BedrockResult<ConverseResponse>> ConverseAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public Task<BedrockStream<ConverseStreamEvent>> ConverseStreamAsync(string modelId, ConverseRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public Task<BedrockResult<InvokeModelResponse>> InvokeModelAsync(string modelId, ReadOnlyMemory<byte> body, string contentType = "application/json", string accept = "application/json", CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public Task<BedrockStream<ResponseStreamEvent>> InvokeModelWithResponseStreamAsync(string modelId, ReadOnlyMemory<byte> body, string contentType = "application/json", string accept = "application/json", CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public Task<BedrockResult<CountTokensResponse>> CountTokensAsync(string modelId, CountTokensRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
