using System.Text.Json;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>Maps ConverseStream event messages to <see cref="ConverseStreamEvent"/> and fills the report (TTFT, stop reason, usage).</summary>
internal sealed class ConverseStreamDecoder
{
    private readonly BedrockOperationRequest _call;
    private readonly StreamSession<ConverseStreamEvent> _session;
    private int _textDeltas;

    public ConverseStreamDecoder(BedrockRuntimeClient client, BedrockOperationRequest call, RawBedrockResponse response)
    {
        _call = call;
        _session = new StreamSession<ConverseStreamEvent>(client, call, response, Map, () => _call.Report.Usage?.OutputTokens ?? _textDeltas);
    }

    public IAsyncEnumerable<ConverseStreamEvent> Events(CancellationToken cancellationToken) => _session.Events(cancellationToken);

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private ConverseStreamEvent? Map(string eventType, byte[] payload)
    {
        var json = BedrockJsonContext.Default;
        switch (eventType)
        {
            case "messageStart":
                return new ConverseStreamEvent { MessageStart = JsonSerializer.Deserialize(payload, json.MessageStartEvent) };
            case "contentBlockStart":
                return new ConverseStreamEvent { ContentBlockStart = JsonSerializer.Deserialize(payload, json.ContentBlockStartEvent) };
            case "contentBlockDelta":
                var delta = JsonSerializer.Deserialize(payload, json.ContentBlockDeltaEvent);
                if (delta?.Delta.Text is not null)
                {
                    _textDeltas++;
                    _call.Report.TimeToFirstToken ??= _call.SinceStart();
                }

                return new ConverseStreamEvent { ContentBlockDelta = delta };
            case "contentBlockStop":
                return new ConverseStreamEvent { ContentBlockStop = JsonSerializer.Deserialize(payload, json.ContentBlockStopEvent) };
            case "messageStop":
                var stop = JsonSerializer.Deserialize(payload, json.MessageStopEvent);
                _call.Report.StopReason = stop?.StopReason;
                return new ConverseStreamEvent { MessageStop = stop };
            case "metadata":
                var metadata = JsonSerializer.Deserialize(payload, json.ConverseStreamMetadataEvent);
                _call.Report.Usage = metadata?.Usage;
                return new ConverseStreamEvent { Metadata = metadata };
            default:
                // Event types this client does not model (e.g. tool-use or guardrail traces) are counted, not surfaced.
                return null;
        }
    }
}
