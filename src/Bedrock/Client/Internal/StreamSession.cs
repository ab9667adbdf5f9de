using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.Runtime.EventStreams;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// The frame loop shared by both streaming operations: decode frames as they arrive, turn an
/// exception message (or a corrupt/truncated/stalled stream) into a mid-stream
/// <see cref="BedrockServiceException"/>, hand event messages to the operation's mapper, and
/// close the HTTP response when the enumeration ends or the stream is disposed.
/// </summary>
internal sealed class StreamSession<TEvent>
    where TEvent : class
{
    private readonly BedrockRuntimeClient _client;
    private readonly BedrockOperationRequest _call;
    private readonly RawBedrockResponse _response;
    private readonly Func<string, byte[], TEvent?> _map;
    private readonly Func<int> _outputTokensSoFar;
    private int _disposed;

    public StreamSession(BedrockRuntimeClient client, BedrockOperationRequest call, RawBedrockResponse response, Func<string, byte[], TEvent?> map, Func<int> outputTokensSoFar)
    {
        _client = client;
        _call = call;
        _response = response;
        _map = map;
        _outputTokensSoFar = outputTokensSoFar;
    }

    public async IAsyncEnumerable<TEvent> Events([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var frames = EventStreamFrames.ReadAsync(_response.Body, _client.IdleTimeout, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                TEvent? mapped;
                try
                {
                    if (!await frames.MoveNextAsync())
                    {
                        break;
                    }

                    mapped = Handle(frames.Current);
                }
                catch (Exception e)
                {
                    throw _client.TranslateBodyFailure(_call, e, midStream: true, _outputTokensSoFar(), cancellationToken);
                }

                if (mapped is not null)
                {
                    yield return mapped;
                }
            }

            _call.Report.Duration = _call.SinceStart();
        }
        finally
        {
            await frames.DisposeAsync();
            await DisposeAsync();
        }
    }

    public ValueTask DisposeAsync()
    {
        return Interlocked.Exchange(ref _disposed, 1) == 0 ? _response.Body.DisposeAsync() : ValueTask.CompletedTask;
    }

    private TEvent? Handle(EventStreamMessage message)
    {
        var messageType = EventStreamFrames.Header(message, ":message-type");
        if (messageType is "exception" or "error")
        {
            throw MidStreamException(message, messageType);
        }

        var eventType = EventStreamFrames.Header(message, ":event-type") ?? "";
        _call.Report.EventCount++;
        return _map(eventType, message.Payload ?? []);
    }

    private BedrockServiceException MidStreamException(EventStreamMessage message, string messageType)
    {
        var rawCode = messageType == "exception"
            ? EventStreamFrames.Header(message, ":exception-type")
            : EventStreamFrames.Header(message, ":error-code");
        var code = ErrorCodes.Normalise(string.IsNullOrEmpty(rawCode) ? "UnknownStreamException" : rawCode);
        var text = EventStreamFrames.Header(message, ":error-message") ?? MessageOf(message.Payload) ?? code;
        return _client.Failure(_call, code, text, null, midStream: true, outputTokensSoFar: _outputTokensSoFar());
    }

    private static string? MessageOf(byte[]? payload)
    {
        if (payload is null || payload.Length == 0)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(payload);
            foreach (var name in new[] { "message", "Message" })
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall back to the exception type as the message.
        }

        return null;
    }
}
