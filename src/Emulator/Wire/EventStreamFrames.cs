using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime.EventStreams;
using LoadTest.Bedrock.Wire;

namespace LoadTest.Emulator.Wire;

/// <summary>
/// application/vnd.amazon.eventstream frames, encoded by AWSSDK.Core's own
/// <see cref="EventStreamMessage"/> (prelude, headers, CRC32s) so the SDKs decode exactly what they expect.
/// </summary>
internal static class EventStreamFrames
{
    public const string ContentType = "application/vnd.amazon.eventstream";

    public static byte[] Event<T>(string eventType, T payload, JsonTypeInfo<T> type)
        => Frame(
            [Header(":event-type", eventType), Header(":content-type", "application/json"), Header(":message-type", "event")],
            JsonSerializer.SerializeToUtf8Bytes(payload, type));

    public static byte[] Exception(string exceptionType, string message)
        => Frame(
            [Header(":exception-type", exceptionType), Header(":content-type", "application/json"), Header(":message-type", "exception")],
            JsonSerializer.SerializeToUtf8Bytes(new ErrorBody { Message = message }, BedrockJsonContext.Default.ErrorBody));

    private static byte[] Frame(List<IEventStreamHeader> headers, byte[] payload) => new EventStreamMessage(headers, payload).ToByteArray();

    private static EventStreamHeader Header(string name, string value)
    {
        var h = new EventStreamHeader(name);
        h.SetString(value);
        return h;
    }
}
