using System.Buffers.Binary;
using System.Text;

namespace LoadTest.Bench.Pacing;

/// <summary>
/// Reads one HTTP/1.1 response with a chunked event-stream body from bytes as they arrive and
/// counts the contentBlockDelta frames each receive completes. No allocation per frame.
/// </summary>
internal sealed class ResponseReader
{
    private static readonly byte[] DeltaEvent = Encoding.ASCII.GetBytes("contentBlockDelta");
    private readonly byte[] _frame = new byte[64 * 1024];
    private readonly byte[] _head = new byte[8 * 1024];
    private int _frameLength;
    private int _headLength;
    private State _state;
    private long _chunkLeft;

    private enum State
    {
        Head,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailer,
        Done,
    }

    public byte[] Buffer { get; } = new byte[16 * 1024];

    public bool Done => _state == State.Done;

    public void Reset()
    {
        _state = State.Head;
        _headLength = 0;
        _frameLength = 0;
        _chunkLeft = 0;
    }

    /// <summary>Consumes the first <paramref name="count"/> bytes of <see cref="Buffer"/>; returns the delta frames completed.</summary>
    public int Feed(int count)
    {
        var deltas = 0;
        var i = 0;
        while (i < count && _state != State.Done)
        {
            switch (_state)
            {
                case State.Head:
                case State.ChunkSize:
                case State.ChunkEnd:
                case State.Trailer:
                    var b = Buffer[i++];
                    if (_headLength == _head.Length)
                    {
                        throw new InvalidDataException("header line too long");
                    }

                    _head[_headLength++] = b;
                    LineByte();
                    break;
                case State.ChunkData:
                    var take = (int)Math.Min(_chunkLeft, count - i);
                    deltas += FrameBytes(Buffer.AsSpan(i, take));
                    i += take;
                    _chunkLeft -= take;
                    if (_chunkLeft == 0)
                    {
                        _state = State.ChunkEnd;
                    }

                    break;
            }
        }

        return deltas;
    }

    private void LineByte()
    {
        var h = _head.AsSpan(0, _headLength);
        switch (_state)
        {
            case State.Head when h.EndsWith("\r\n\r\n"u8):
                if (!h.StartsWith("HTTP/1.1 200"u8))
                {
                    throw new InvalidDataException("status " + Encoding.ASCII.GetString(h[..Math.Min(12, h.Length)]));
                }

                _headLength = 0;
                _state = State.ChunkSize;
                break;
            case State.ChunkSize when h.EndsWith("\r\n"u8):
                var size = Convert.ToInt64(Encoding.ASCII.GetString(h[..^2]).Split(';')[0], 16);
                _headLength = 0;
                _chunkLeft = size;
                _state = size == 0 ? State.Trailer : State.ChunkData;
                break;
            case State.ChunkEnd when h.Length == 2:
                _headLength = 0;
                _state = State.ChunkSize;
                break;
            case State.Trailer when h.EndsWith("\r\n"u8):
                _state = State.Done;
                break;
        }
    }

    private int FrameBytes(ReadOnlySpan<byte> data)
    {
        var deltas = 0;
        while (data.Length > 0)
        {
            var need = _frameLength < 4 ? 4 : (int)BinaryPrimitives.ReadUInt32BigEndian(_frame);
            if (need > _frame.Length)
            {
                throw new InvalidDataException("frame too large");
            }

            var take = Math.Min(need - _frameLength, data.Length);
            data[..take].CopyTo(_frame.AsSpan(_frameLength));
            _frameLength += take;
            data = data[take..];
            if (_frameLength >= 4 && _frameLength == (int)BinaryPrimitives.ReadUInt32BigEndian(_frame))
            {
                if (IsDelta(_frame.AsSpan(0, _frameLength)))
                {
                    deltas++;
                }

                _frameLength = 0;
            }
        }

        return deltas;
    }

    /// <summary>Walks the headers (u8 name length, name, u8 type, u16 length, value for strings) to find :event-type.</summary>
    private static bool IsDelta(ReadOnlySpan<byte> frame)
    {
        var headersLength = (int)BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
        var headers = frame.Slice(12, headersLength);
        while (headers.Length > 0)
        {
            var nameLength = headers[0];
            var name = headers.Slice(1, nameLength);
            var type = headers[1 + nameLength];
            if (type != 7)
            {
                return false;
            }

            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(headers[(2 + nameLength)..]);
            var value = headers.Slice(4 + nameLength, valueLength);
            if (name.SequenceEqual(":event-type"u8))
            {
                return value.SequenceEqual(DeltaEvent);
            }

            headers = headers[(4 + nameLength + valueLength)..];
        }

        return false;
    }
}
