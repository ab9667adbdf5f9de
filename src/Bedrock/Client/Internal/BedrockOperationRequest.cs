using Amazon.Runtime;
using LoadTest.Core.Access;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// The SDK-facing request of one logical call. It carries the call's <see cref="CallReport"/>
/// and start time so the pipeline handler that observes attempts writes into the right report
/// even when thousands of calls share one client (no ambient state needed).
/// </summary>
internal sealed class BedrockOperationRequest : AmazonWebServiceRequest
{
    private Dictionary<string, string>? _headers;

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

    /// <summary>Extra HTTP headers (Content-Type, Accept, X-Amzn-Bedrock-Accept); null for the operations that send none.</summary>
    public IReadOnlyDictionary<string, string>? Headers => _headers;

    public void SetHeader(string name, string value) => (_headers ??= new(StringComparer.OrdinalIgnoreCase))[name] = value;

    public CallReport Report { get; }

    public TimeProvider Time { get; }

    public long StartTimestamp { get; }

    public TimeSpan SinceStart() => Time.GetElapsedTime(StartTimestamp);

    // Where in the SDK pipeline the call got to, so a failure that never reached Bedrock can be
    // named by the stage that produced it instead of by guessing from exception text. Written by
    // the handlers of one call only, one pass at a time (the SDK's retry loop is sequential).

    /// <summary>True when the auth handler failed to resolve an identity (the default credential chain found nothing usable).</summary>
    public bool IdentityResolutionFailed { get; set; }

    /// <summary>Passes through the SDK's retry loop: each one got a send token from the adaptive rate limiter (if any).</summary>
    public int RetryLoopPasses { get; set; }

    /// <summary>Passes that got past the signer.</summary>
    public int SignedPasses { get; set; }

    /// <summary>The last error response's x-amz-retry-after hint (the header is milliseconds), for a retry profile; null without one.</summary>
    public TimeSpan? LastRetryAfter { get; set; }

    /// <summary>The exception that ended the latest pass through the retry loop, if it failed.</summary>
    public Exception? LastPassFailure { get; set; }
}
