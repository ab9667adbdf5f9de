using System.Text.Json;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Maps ConverseStream event messages to <see cref="ConverseStreamEvent"/> and fills the report
/// (TTFT and delta arrivals, stop reason, usage). A text delta is recognised by reading its
/// payload in place; only the events that carry report data (messageStop, metadata) are
/// deserialised when nothing is materialised.
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
                if (HasText(payload))
                {
                    TextDelta(frame);
                }

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
            case "contentBlockStart" when materialize:
                return new ConverseStreamEvent { ContentBlockStart = JsonSerializer.Deserialize(payload, json.ContentBlockStartEvent) };
            case "contentBlockStop" when materialize:
                return new ConverseStreamEvent { ContentBlockStop = JsonSerializer.Deserialize(payload, json.ContentBlockStopEvent) };
            default:
                // Event types this client does not model (e.g. tool-use or guardrail traces) are counted, not surfaced.
                return null;
        }
    }

    /// <summary>True when a contentBlockDelta payload carries non-empty <c>delta.text</c>.</summary>
    internal static bool HasText(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A contentBlockDelta event is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isDelta = reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (isDelta && reader.TokenType == JsonTokenType.StartObject)
            {
                return JsonScan.NonEmptyString(ref reader, "text"u8);
            }

            reader.Skip();
        }

        return false;
    }
}
