using System.Runtime.InteropServices;
using LoadTest.Core.Access;
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
            ResourcePath = "/model/{modelId}/" + call.Operation.PathSuffix(),
            Content = WholeArray(call.Body),
        };
        request.AddPathResource("{modelId}", call.ModelId);
        request.Headers["Content-Type"] = "application/json";
        if (call.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers[name] = value;
            }
        }

        return request;
    }

    // The body is usually a whole array (JsonSerializer.SerializeToUtf8Bytes, or the caller's
    // InvokeModel body): the SDK only reads its Content (to sign and to send), so no copy is needed.
    private static byte[] WholeArray(ReadOnlyMemory<byte> body)
        => MemoryMarshal.TryGetArray(body, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : body.ToArray();
}
