using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace LoadTest.Bedrock.Client.Internal;

/// <summary>
/// Reads an application/vnd.amazon.eventstream body one frame at a time, as bytes arrive, into one
/// pooled buffer: no allocation per frame for the event types Bedrock sends (header values are
/// matched against known names, the payload is a view of the buffer). Each frame carries the
/// timestamp of the socket read that completed it, taken before any decoding, so inter-token gaps
/// are measured where the bytes arrived rather than where a consumer got round to them.
/// </summary>
/// <remarks>
/// Frame: u32 total length, u32 headers length, u32 CRC32 of those 8 bytes, headers, payload,
/// u32 CRC32 of everything before it (big-endian, zlib CRC32). Header: u8 name length, name, u8
/// value type, value (type 7 = string with a u16 length).
/// </remarks>
internal sealed class EventStreamReader : IDisposable
{
    private const int PreludeLength = 12;
    private const int MinimumFrameLength = PreludeLength + 4;
    private const int InitialBufferSize = 16 * 1024;

    // Bedrock's limit for one event-stream message (16 MiB of payload plus headers); a length above
    // it is a corrupt prelude, not a reason to allocate gigabytes.
    private const int MaximumFrameLength = (16 * 1024 * 1024) + (128 * 1024);

    private readonly Stream _body;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _idle;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private long _lastReadAt;
    private bool _ended;

    public EventStreamReader(Stream body, TimeProvider time, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        _body = body;
        _time = time;
        _idleTimeout = idleTimeout;
        _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    /// <summary>The frame read by the last successful <see cref="ReadAsync"/>; valid until the next call.</summary>
    public EventFrame Current { get; private set; }

    /// <summary>
    /// Reads the next frame. False at a clean end of the body. Throws
    /// <see cref="EventStreamCorruptException"/> for a frame that fails its checksums or cannot be
    /// parsed, <see cref="EndOfStreamException"/> when the body ends inside a frame, and
    /// <see cref="TimeoutException"/> when no byte arrives for the idle timeout.
    /// </summary>
    // Pooled: with thousands of streams each read completes asynchronously, and an unpooled
    // async ValueTask method would box a new state machine for every frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadAsync()
    {
        while (true)
        {
            if (TryParse(out var frame))
            {
                Current = frame;
                return true;
            }

            if (_ended)
            {
                if (_end > _start)
                {
                    throw new EndOfStreamException($"The event stream ended inside a frame ({_end - _start} bytes left over).");
                }

                return false;
            }

            await FillAsync();
        }
    }

    public void Dispose()
    {
        _idle.Dispose();
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses one whole frame from the buffered bytes, if there is one.</summary>
    private bool TryParse(out EventFrame frame)
    {
        frame = default;
        var available = _end - _start;
        if (available < PreludeLength)
        {
            return false;
        }

        var prelude = _buffer.AsSpan(_start, PreludeLength);
        var total = BinaryPrimitives.ReadUInt32BigEndian(prelude);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(prelude[4..]);
        var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(prelude[8..]);
        if (Crc32.HashToUInt32(prelude[..8]) != preludeCrc)
        {
            throw new EventStreamCorruptException("The event-stream prelude checksum does not match: the stream is corrupt.");
        }

        if (total is < MinimumFrameLength or > MaximumFrameLength || headersLength > total - MinimumFrameLength)
        {
            throw new EventStreamCorruptException($"The event-stream prelude is invalid (frame length {total}, headers length {headersLength}).");
        }

        if (available < total)
        {
            return false;
        }

        var message = _buffer.AsSpan(_start, (int)total);
        var messageCrc = BinaryPrimitives.ReadUInt32BigEndian(message[^4..]);
        if (Crc32.HashToUInt32(message[..^4]) != messageCrc)
        {
            throw new EventStreamCorruptException("The event-stream message checksum does not match: the stream is corrupt.");
        }

        var headers = FrameHeaders.Parse(message.Slice(PreludeLength, (int)headersLength));
        var payloadStart = _start + PreludeLength + (int)headersLength;
        var payloadLength = (int)total - PreludeLength - (int)headersLength - 4;
        frame = new EventFrame(headers, _buffer.AsMemory(payloadStart, payloadLength), _lastReadAt);
        _start += (int)total;
        return true;
    }

    /// <summary>Reads more bytes after whatever is buffered, making room first.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            // Move the partial frame to the front; frames are small, so this is a few hundred bytes.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaximumFrameLength + InitialBufferSize));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        int read;
        _idle.CancelAfter(_idleTimeout);
        try
        {
            read = await _body.ReadAsync(_buffer.AsMemory(_end), _idle.Token);
        }
        catch (OperationCanceledException) when (!CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No event-stream bytes for {_idleTimeout.TotalSeconds:0.###} s.");
        }

        // The arrival time of every frame this read completes: taken at once, before decoding.
        _lastReadAt = _time.GetTimestamp();
        if (read == 0)
        {
            _ended = true;
        }

        _end += read;
    }
}

/// <summary>One decoded event-stream frame; <see cref="Payload"/> is a view of the reader's buffer.</summary>
internal readonly record struct EventFrame(FrameHeaders Headers, ReadOnlyMemory<byte> Payload, long ArrivedAt);

/// <summary>The string headers of a frame that Bedrock's streams use.</summary>
internal readonly record struct FrameHeaders(string? MessageType, string? EventType, string? ExceptionType, string? ErrorCode, string? ErrorMessage)
{
    // Values seen on every frame of a Bedrock stream, returned without allocating a string.
    private static readonly string[] KnownValues =
    [
        "event", "exception", "error", "application/json",
        "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata", "chunk",
    ];

    private static readonly byte[][] KnownValueBytes = [.. KnownValues.Select(Encoding.UTF8.GetBytes)];

    public static FrameHeaders Parse(ReadOnlySpan<byte> headers)
    {
        string? messageType = null, eventType = null, exceptionType = null, errorCode = null, errorMessage = null;
        while (!headers.IsEmpty)
        {
            var nameLength = headers[0];
            if (headers.Length < 1 + nameLength + 1)
            {
                throw Truncated();
            }

            var name = headers.Slice(1, nameLength);
            var type = headers[1 + nameLength];
            headers = headers[(2 + nameLength)..];
            int valueLength;
            var valueOffset = 0;
            switch (type)
            {
                case 0 or 1: valueLength = 0; break;            // bool true / false
                case 2: valueLength = 1; break;                 // byte
                case 3: valueLength = 2; break;                 // int16
                case 4: valueLength = 4; break;                 // int32
                case 5 or 8: valueLength = 8; break;            // int64, timestamp
                case 9: valueLength = 16; break;                // uuid
                case 6 or 7:                                    // byte array, string: u16 length
                    if (headers.Length < 2)
                    {
                        throw Truncated();
                    }

                    valueLength = BinaryPrimitives.ReadUInt16BigEndian(headers);
                    valueOffset = 2;
                    break;
                default:
                    throw new EventStreamCorruptException($"Unknown event-stream header value type {type}.");
            }

            if (headers.Length < valueOffset + valueLength)
            {
                throw Truncated();
            }

            if (type == 7)
            {
                var value = headers.Slice(valueOffset, valueLength);
                if (name.SequenceEqual(":message-type"u8))
                {
                    messageType = Text(value);
                }
                else if (name.SequenceEqual(":event-type"u8))
                {
                    eventType = Text(value);
                }
                else if (name.SequenceEqual(":exception-type"u8))
                {
                    exceptionType = Text(value);
                }
                else if (name.SequenceEqual(":error-code"u8))
                {
                    errorCode = Text(value);
                }
                else if (name.SequenceEqual(":error-message"u8))
                {
                    errorMessage = Text(value);
                }
            }

            headers = headers[(valueOffset + valueLength)..];
        }

        return new FrameHeaders(messageType, eventType, exceptionType, errorCode, errorMessage);
    }

    private static string Text(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < KnownValueBytes.Length; i++)
        {
            if (value.SequenceEqual(KnownValueBytes[i]))
            {
                return KnownValues[i];
            }
        }

        return Encoding.UTF8.GetString(value);
    }

    private static EventStreamCorruptException Truncated() => new("An event-stream header runs past the end of the headers section.");
}

/// <summary>A frame failed its checksum or could not be parsed: the stream is corrupt.</summary>
internal sealed class EventStreamCorruptException(string message) : Exception(message);
