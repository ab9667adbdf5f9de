using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Amazon.Runtime.EventStreams;
using Amazon.Runtime.EventStreams.Internal;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Decodes an application/vnd.amazon.eventstream body frame by frame as bytes arrive, with
/// AWSSDK.Core's <see cref="EventStreamDecoder"/> (prelude and message CRCs checked there) and
/// one pooled read buffer, so each event reaches the caller as soon as its frame is complete.
/// </summary>
internal static class EventStreamFrames
{
    private const int ReadBufferSize = 16 * 1024;

    /// <summary>
    /// Yields each frame. Throws <see cref="EventStreamChecksumFailureException"/> /
    /// <see cref="EventStreamParseException"/> on a corrupt frame, <see cref="EndOfStreamException"/>
    /// when the body ends inside a frame, and <see cref="TimeoutException"/> when no byte arrives
    /// for <paramref name="idleTimeout"/>.
    /// </summary>
    public static async IAsyncEnumerable<EventStreamMessage> ReadAsync(Stream body, TimeSpan idleTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        var decoded = new Queue<EventStreamMessage>();
        using var decoder = new EventStreamDecoder();

        // Without this subscription the decoder parses frames and drops them silently.
        decoder.MessageReceived += (_, e) => decoded.Enqueue(e.Message);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long bytesFed = 0;
        long bytesInFrames = 0;
        try
        {
            while (true)
            {
                int read;
                idle.CancelAfter(idleTimeout);
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(0, ReadBufferSize), idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"No event-stream bytes for {idleTimeout.TotalSeconds:0.###} s.");
                }

                if (read == 0)
                {
                    break;
                }

                bytesFed += read;

                // ProcessData copies what it needs, so the pooled buffer can be reused at once.
                // A corrupt frame throws from inside it; frames decoded before it in the same
                // read are still delivered first, as they would be had they arrived separately.
                Exception? corrupt = null;
                try
                {
                    decoder.ProcessData(buffer, 0, read);
                }
                catch (Exception e)
                {
                    corrupt = e;
                }

                while (decoded.TryDequeue(out var message))
                {
                    bytesInFrames += FrameLength(message);
                    yield return message;
                }

                if (corrupt is not null)
                {
                    ExceptionDispatchInfo.Throw(corrupt);
                }
            }

            if (bytesFed != bytesInFrames)
            {
                throw new EndOfStreamException($"The event stream ended inside a frame ({bytesFed - bytesInFrames} bytes left over).");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string? Header(EventStreamMessage message, string name)
        => message.Headers.TryGetValue(name, out var header) && header.HeaderType == EventStreamHeaderType.String ? header.AsString() : null;

    // Prelude (12) + headers + payload + message CRC (4).
    private static long FrameLength(EventStreamMessage message)
    {
        long headers = 0;
        foreach (var header in message.Headers.Values)
        {
            headers += header.GetWireSize();
        }

        return 12 + headers + (message.Payload?.Length ?? 0) + 4;
    }
}
