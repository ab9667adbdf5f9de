using Amazon.Runtime;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// The SDK-facing request of one logical call. It carries the call's <see cref="CallReport"/>
/// and start time so the pipeline handler that observes attempts writes into the right report
/// even when thousands of calls share one client (no ambient state needed).
/// </summary>
internal sealed class BedrockOperationRequest : AmazonWebServiceRequest
{
    public BedrockOperationRequest(BedrockOperation operation, string modelId, ReadOnlyMemory<byte> body, CallReport report, TimeProvider time, long startTimestamp)
    {
        Operation = operation;
        ModelId = modelId;
        Body = body;
        Report = report;
        Time = time;
        StartTimestamp = startTimestamp;
    }

    public BedrockOperation Operation { get; }

    public string ModelId { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Extra HTTP headers (Content-Type, Accept, X-Amzn-Bedrock-Accept).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public CallReport Report { get; }

    public TimeProvider Time { get; }

    public long StartTimestamp { get; }

    /// <summary>Set by the attempt observer on the attempt whose response the caller gets.</summary>
    public long? FinalResponseTimestamp { get; set; }

    public TimeSpan SinceStart() => Time.GetElapsedTime(StartTimestamp);
}
