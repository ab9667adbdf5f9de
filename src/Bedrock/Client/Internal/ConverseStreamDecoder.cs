using System.Text.Json;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Maps ConverseStream event messages to <see cref="ConverseStreamEvent"/> and fills the report
/// (TTFT, first visible token and delta arrivals, thinking length, tool calls, stop reason, usage).
/// A delta is read in place (<see cref="DeltaScan"/>); only the events that carry report data
/// (block start and stop, messageStop, metadata) are deserialised when nothing is materialised.
/// </summary>
internal sealed class ConverseStreamDecoder(BedrockRuntimeClient client, BedrockOperationRequest call, RawBedrockResponse response)
    : StreamDecoder<ConverseStreamEvent>(client, call, response)
{
    protected override int OutputTokensSoFar => Call.Report.Usage?.OutputTokens ?? TextDeltas;

    protected override ConverseStreamEvent? Map(in EventFrame frame, bool materialize)
    {
        var json = BedrockJsonContext.Default;
        var payload = frame.Payload.Span;
        switch (frame.Headers.EventType)
        {
            case "contentBlockDelta":
                Fold(frame, DeltaScan.Converse(payload));
                return materialize ? new ConverseStreamEvent { ContentBlockDelta = JsonSerializer.Deserialize(payload, json.ContentBlockDeltaEvent) } : null;
            case "messageStop":
                var stop = JsonSerializer.Deserialize(payload, json.MessageStopEvent);
                Call.Report.StopReason = stop?.StopReason;
                return new ConverseStreamEvent { MessageStop = stop };
            case "metadata":
                var metadata = JsonSerializer.Deserialize(payload, json.ConverseStreamMetadataEvent);
                Call.Report.Usage = metadata?.Usage;
                return new ConverseStreamEvent { Metadata = metadata };
            case "messageStart" when materialize:
                return new ConverseStreamEvent { MessageStart = JsonSerializer.Deserialize(payload, json.MessageStartEvent) };
            case "contentBlockStart":
                var start = JsonSerializer.Deserialize(payload, json.ContentBlockStartEvent);
                if (start?.Start?.ToolUse is { } tool)
                {
                    Tally.ToolStart(start.ContentBlockIndex, tool.ToolUseId, tool.Name);
                }

                return materialize ? new ConverseStreamEvent { ContentBlockStart = start } : null;
            case "contentBlockStop":
                var blockStop = JsonSerializer.Deserialize(payload, json.ContentBlockStopEvent);
                Tally.BlockStop(blockStop?.ContentBlockIndex ?? 0);
                return materialize ? new ConverseStreamEvent { ContentBlockStop = blockStop } : null;
            default:
                // Event types this client does not model (e.g. guardrail traces) are counted, not surfaced.
                return null;
        }
    }
}
