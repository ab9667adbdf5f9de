using Amazon.Runtime;
using Amazon.Runtime.Internal;
using System.Net.Http;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// The SDK service client: AWSSDK.Core's runtime pipeline (marshal, resolve endpoint, choose
/// auth, retry, sign, send, unmarshal) with three Bedrock-specific handlers plugged in.
/// </summary>
internal sealed class BedrockServiceClient : AmazonServiceClient
{
    public BedrockServiceClient(AWSCredentials? credentials, BedrockRuntimeConfig config)
        : base(credentials!, config)
    {
    }

    public BedrockServiceClient(BedrockRuntimeConfig config)
        : base(config)
    {
    }

    protected override IServiceMetadata ServiceMetadata => BedrockServiceMetadata.Instance;

    public Task<RawBedrockResponse> SendAsync(BedrockOperationRequest request, CancellationToken cancellationToken)
    {
        var options = new InvokeOptions
        {
            RequestMarshaller = BedrockOperationMarshaller.Instance,
            ResponseUnmarshaller = RawResponseUnmarshaller.Instance,
        };
        return InvokeAsync<RawBedrockResponse>(request, options, cancellationToken);
    }

    internal IEnumerable<string> HandlerNames()
        => RuntimePipeline.EnumerateHandlers().Select(h => h.GetType().Name);

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        // Handlers that do nothing for Bedrock Runtime but still cost an async state machine (and
        // some their own allocations) on every call: client-side metrics and a no-op tracing span
        // (MetricsHandler), event hooks nobody subscribes to (three CallbackHandlers, the
        // ErrorCallbackHandler), request compression and flexible checksums that no Bedrock
        // operation declares, and endpoint discovery, which Bedrock does not offer.
        // Measured in bench/harness/ClientBench (docs/BENCHMARKS.md).
        pipeline.RemoveHandler<MetricsHandler>();
        pipeline.RemoveHandler<ErrorCallbackHandler>();
        pipeline.RemoveHandler<CallbackHandler>();
        pipeline.RemoveHandler<CallbackHandler>();
        pipeline.RemoveHandler<CallbackHandler>();
        pipeline.RemoveHandler<CompressionHandler>();
        pipeline.RemoveHandler<ChecksumHandler>();
        pipeline.RemoveHandler<EndpointDiscoveryHandler>();

        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new BedrockEndpointResolver());
        pipeline.AddHandlerAfter<Marshaller>(new BedrockAuthSchemeHandler());

        // Inside the retry handler, next to the wire: every attempt passes through here.
        pipeline.AddHandlerBefore<HttpHandler<HttpContent>>(new AttemptObserver());

        // Stage markers, so failures that never reach Bedrock are named by where they happened.
        pipeline.AddHandlerAfter<RetryHandler>(new RetryLoopObserver());
        pipeline.AddHandlerAfter<Signer>(new SignedObserver());
    }
}
