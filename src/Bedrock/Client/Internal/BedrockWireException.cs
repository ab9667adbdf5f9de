using System.Net;
using Amazon.Runtime;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// A Bedrock error response as the SDK's retry policies see it. Retryable details follow the
/// service model: ThrottlingException is a retryable throttle, ModelNotReadyException is
/// retryable but not a throttle; 5xx are retried by the SDK on their status code.
/// </summary>
internal sealed class BedrockWireException : AmazonServiceException
{
    public BedrockWireException(string message, Exception? innerException, ErrorType errorType, string errorCode, string? requestId, HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode)
    {
    }

    public override RetryableDetails? Retryable => ErrorCode switch
    {
        "ThrottlingException" => new RetryableDetails(throttling: true),
        "ModelNotReadyException" => new RetryableDetails(throttling: false),
        _ => null,
    };
}
