using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Success: returns the raw body stream (declared as streaming so the SDK neither buffers nor
/// closes it). Error: reads Bedrock's <c>{"message"}</c> body and the x-amzn-ErrorType header
/// into an <see cref="AmazonServiceException"/> that the SDK's retry policies understand.
/// </summary>
internal sealed class RawResponseUnmarshaller : JsonResponseUnmarshaller
{
    public static readonly RawResponseUnmarshaller Instance = new();

    public override bool HasStreamingProperty => true;

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
        => new RawBedrockResponse { Body = input.Stream, Headers = input.ResponseData };

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        var headers = input.ResponseData;
        var code = ErrorCodes.FromErrorTypeHeader(Header(headers, "x-amzn-ErrorType")) ?? ErrorCodes.FromStatus((int)statusCode);
        var requestId = Header(headers, "x-amzn-RequestId");
        var message = ReadMessage(input) ?? statusCode.ToString();
        return new BedrockWireException(message, innerException, (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender, code, requestId, statusCode);
    }

    protected override bool ShouldReadEntireResponse(IWebResponseData response, bool readEntireResponse) => false;

    private static string? Header(IWebResponseData? headers, string name)
        => headers is not null && headers.IsHeaderPresent(name) ? headers.GetHeaderValue(name) : null;

    private static string? ReadMessage(JsonUnmarshallerContext input)
    {
        try
        {
            // The error body is small; with entire-response buffering off the context's stream is
            // the unread body, otherwise it has been buffered and the bytes are kept for us.
            byte[] bytes;
            using (var copy = new MemoryStream())
            {
                input.Stream?.CopyTo(copy);
                bytes = copy.Length > 0 ? copy.ToArray() : input.GetResponseBodyBytes() ?? [];
            }

            return JsonScan.ErrorMessage(bytes);
        }
        catch (IOException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
