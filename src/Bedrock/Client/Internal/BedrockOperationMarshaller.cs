using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Turns a <see cref="BedrockOperationRequest"/> into the SDK's HTTP request: POST
/// /model/{modelId}/{operation} with the already-serialised body. The model ID goes in as a
/// path resource, so the SDK encodes it as one segment (':' and an ARN's '/' included) the
/// same way for the wire and for the SigV4 canonical URI.
/// </summary>
internal sealed class BedrockOperationMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public static readonly BedrockOperationMarshaller Instance = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var call = (BedrockOperationRequest)input;
        var request = new DefaultRequest(call, "Amazon.BedrockRuntime")
        {
            HttpMethod = "POST",
            ResourcePath = "/model/{modelId}/" + call.Operation.PathSuffix,
            Content = call.Body.ToArray(),
        };
        request.AddPathResource("{modelId}", call.ModelId);
        request.Headers["Content-Type"] = "application/json";
        foreach (var (name, value) in call.Headers)
        {
            request.Headers[name] = value;
        }

        return request;
    }
}
