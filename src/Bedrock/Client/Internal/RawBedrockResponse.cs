using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// What the SDK pipeline hands back for every operation: the response headers and the unread
/// body stream. Bodies are read asynchronously by the client (JSON, raw bytes, or event-stream
/// frames), which keeps thread-pool threads free and lets streams be decoded as they arrive.
/// </summary>
internal sealed class RawBedrockResponse : AmazonWebServiceResponse
{
    public Stream Body { get; set; } = Stream.Null;

    public IWebResponseData? Headers { get; set; }

    public string? Header(string name) => Headers is { } h && h.IsHeaderPresent(name) ? h.GetHeaderValue(name) : null;
}
