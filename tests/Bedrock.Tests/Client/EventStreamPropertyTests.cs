using Amazon.Runtime.EventStreams;
using CsCheck;
using LoadTest.Bedrock.Client.Internal;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>
/// Property tests for the event-stream frame reader, with the AWS SDK's own encoder as the oracle:
/// any sequence of valid frames, cut into reads anywhere, decodes to exactly those frames; any
/// mutation of a valid body (flipped, dropped, inserted bytes, truncation) ends in the frames it
/// still holds and then a clean end or one of the reader's declared errors, never another
/// exception and never a hang.
/// </summary>
public sealed class EventStreamPropertyTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    // Per case: a hang shows up as a failure, not as a stuck test run.
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(5);

    private static readonly string[] EventTypes = ["messageStart", "contentBlockDelta", "metadata", "chunk", "someFutureEvent"];

    private static readonly Gen<IEventStreamHeader> AnyHeader =
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 24], Gen.Int[0, 9], Gen.Byte.Array[0, 40], Gen.Long, Gen.String[0, 40])
            .Select(t =>
            {
                var (name, kind, bytes, number, text) = t;
                var header = new EventStreamHeader("x-" + name);
                switch (kind)
                {
                    case 0: header.SetBool(number % 2 == 0); break;
                    case 1: header.SetSByte((sbyte)number); break;
                    case 2: header.SetInt16((short)number); break;
                    case 3: header.SetInt32((int)number); break;
                    case 4: header.SetInt64(number); break;
                    case 5: header.SetByteBuf(bytes); break;
                    case 6: header.SetTimestamp(DateTime.UnixEpoch.AddMilliseconds(Math.Abs(number % 4_000_000_000_000))); break;
                    case 7: header.SetUUID(new Guid(bytes.Concat(new byte[16]).Take(16).ToArray())); break;
                    default: header.SetString(text); break;
                }

                return (IEventStreamHeader)header;
            });

    private static readonly Gen<(string EventType, byte[] Payload, byte[] Bytes)> AnyFrame =
        Gen.Select(Gen.Int[0, EventTypes.Length - 1], AnyHeader.List[0, 6], Gen.Byte.Array[0, 3000])
            .Select(t =>
            {
                var (type, extra, payload) = t;
                var typeHeader = new EventStreamHeader(":event-type");
                typeHeader.SetString(EventTypes[type]);
                var messageType = new EventStreamHeader(":message-type");
                messageType.SetString("event");
                var headers = new List<IEventStreamHeader> { messageType };
                headers.AddRange(extra.DistinctBy(h => h.Name));
                headers.Add(typeHeader);
                return (EventTypes[type], payload, new EventStreamMessage(headers, payload).ToByteArray());
            });

    private static readonly Gen<byte[][]> AnyFrames = AnyFrame.Select(f => f.Bytes).Array[0, 8];

    [Fact]
    public void Any_frames_cut_into_any_reads_decode_to_exactly_those_frames()
    {
        Gen.Select(AnyFrame.Array[0, 8], Gen.Int.Array[0, 12]).Sample(t =>
        {
            var (frames, cuts) = t;
            var body = frames.SelectMany(f => f.Bytes).ToArray();
            var decoded = ReadAll(body, cuts).WaitAsync(CaseTimeout).GetAwaiter().GetResult();
            Assert.Null(decoded.Error);
            Assert.Equal(frames.Select(f => f.EventType), decoded.Frames.Select(f => f.EventType));
            Assert.Equal(frames.Select(f => Convert.ToHexString(f.Payload)), decoded.Frames.Select(f => Convert.ToHexString(f.Payload)));
        }, iter: 300);
    }

    [Fact]
    public void Mutated_bodies_end_in_a_declared_error_or_a_clean_end_never_a_crash_or_a_hang()
    {
        var mutation = Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 64]);
        var corrupt = 0;
        var truncated = 0;
        Gen.Select(AnyFrames, mutation.Array[1, 4], Gen.Int.Array[0, 6]).Sample(t =>
        {
            var (frames, mutations, cuts) = t;
            var body = frames.SelectMany(f => f).ToList();
            foreach (var (kind, at, value, length) in mutations)
            {
                var i = body.Count == 0 ? 0 : at % body.Count;
                switch (kind)
                {
                    case 0 when body.Count > 0: body[i] ^= (byte)(value | 1); break;
                    case 1 when body.Count > 0: body.RemoveRange(i, Math.Min(length, body.Count - i)); break;
                    case 2: body.InsertRange(i, Enumerable.Repeat(value, length)); break;
                    default: body.RemoveRange(i, body.Count - i); break;
                }
            }

            var decoded = ReadAll([.. body], cuts).WaitAsync(CaseTimeout).GetAwaiter().GetResult();
            Assert.True(
                decoded.Error is null or EventStreamCorruptException or EndOfStreamException,
                $"unexpected {decoded.Error?.GetType().Name}: {decoded.Error?.Message}");
            Assert.True(decoded.Frames.Count <= frames.Length + mutations.Length * 64);
            Interlocked.Add(ref corrupt, decoded.Error is EventStreamCorruptException ? 1 : 0);
            Interlocked.Add(ref truncated, decoded.Error is EndOfStreamException ? 1 : 0);
        }, iter: 1000);

        // The generator reaches both failure paths, so the property is not vacuously true.
        Assert.True(corrupt > 50, $"{corrupt} corrupt");
        Assert.True(truncated > 50, $"{truncated} truncated");
    }

    [Fact]
    public void A_prelude_claiming_a_huge_frame_is_refused_without_waiting_for_it()
    {
        // Total length 2 GiB with a valid prelude checksum: a corrupt prelude must not make the
        // reader wait for (or allocate) gigabytes.
        var prelude = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prelude, 0x7FFF_FFF0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(4), 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(8), System.IO.Hashing.Crc32.HashToUInt32(prelude.AsSpan(0, 8)));
        var decoded = ReadAll(prelude, []).WaitAsync(CaseTimeout).GetAwaiter().GetResult();
        Assert.IsType<EventStreamCorruptException>(decoded.Error);
    }

    private static async Task<Decoded> ReadAll(byte[] body, int[] cuts)
    {
        var pieces = new List<byte[]>();
        var offset = 0;
        foreach (var cut in cuts)
        {
            var length = body.Length == 0 ? 0 : (int)((uint)cut % (uint)(body.Length - offset + 1));
            if (length > 0)
            {
                pieces.Add(body[offset..(offset + length)]);
                offset += length;
            }
        }

        pieces.Add(body[offset..]);
        using var reader = new EventStreamReader(new EventStreamReaderTests.ChunkedStream([.. pieces]), TimeProvider.System, Idle, CancellationToken.None);
        var frames = new List<(string? EventType, byte[] Payload)>();
        try
        {
            while (await reader.ReadAsync())
            {
                frames.Add((reader.Current.Headers.EventType, reader.Current.Payload.ToArray()));
            }

            return new Decoded(frames, null);
        }
#pragma warning disable CA1031 // the property is about which exceptions escape: every one is caught and inspected
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Decoded(frames, e);
        }
    }

    private sealed record Decoded(List<(string? EventType, byte[] Payload)> Frames, Exception? Error);
}
