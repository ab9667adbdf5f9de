using LoadTest.Core.Access;
using LoadTest.Core;
using System.Text;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Client.Internal;
using Microsoft.Extensions.Time.Testing;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>
/// The frame reader and the cheap read-to-end path: frames split anywhere across reads, each
/// frame stamped with the arrival of the read that completed it, no allocation per frame.
/// </summary>
public sealed class EventStreamReaderTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Frames_split_at_every_byte_boundary_decode_to_the_same_events()
    {
        var body = Concat(Wire.ConverseEvents("Hel", "lo", "!"));
        for (var cut = 1; cut < body.Length; cut++)
        {
            var stream = new ChunkedStream([body[..cut], body[cut..]]);
            using var reader = new EventStreamReader(stream, TimeProvider.System, Idle, CancellationToken.None);
            var types = new List<string?>();
            while (await reader.ReadAsync())
            {
                types.Add(reader.Current.Headers.EventType);
            }

            Assert.Equal(["messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"], types);
        }
    }

    [Fact]
    public async Task Each_frame_carries_the_arrival_time_of_the_read_that_completed_it()
    {
        var clock = new FakeTimeProvider();
        var a = Wire.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"a"}}""");
        var b = Wire.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"b"}}""");
        var c = Wire.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"c"}}""");

        // Read 1 (clock +10 ms): all of a and half of b. Read 2 (clock +15 ms): the rest of b and all of c.
        var half = b.Length / 2;
        var stream = new ChunkedStream([[.. a, .. b[..half]], [.. b[half..], .. c]], clock, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(15));
        using var reader = new EventStreamReader(stream, clock, Idle, CancellationToken.None);
        var start = clock.GetTimestamp() - clock.TimestampFrequency; // any origin
        var arrivals = new List<double>();
        while (await reader.ReadAsync())
        {
            // A slow consumer: the stamp must not move with it.
            clock.Advance(TimeSpan.FromMilliseconds(100));
            arrivals.Add(clock.GetElapsedTime(start, reader.Current.ArrivedAt).TotalMilliseconds - 1000);
        }

        // a arrived with read 1 at 10 ms; read 2 happened when the consumer asked for more
        // (10 + 100 ms consuming a, + 15 ms) and completed b and c: both carry 125 ms, although c
        // was handed over another 100 ms later.
        Assert.Equal([10.0, 125.0, 125.0], arrivals);
    }

    [Fact]
    public async Task A_frame_longer_than_the_initial_buffer_is_read_whole()
    {
        var text = new string('x', 100_000);
        var frame = Wire.Event("contentBlockDelta", $$$"""{"contentBlockIndex":0,"delta":{"text":"{{{text}}}"}}""");
        using var reader = new EventStreamReader(new ChunkedStream(Split(frame, 1000)), TimeProvider.System, Idle, CancellationToken.None);
        Assert.True(await reader.ReadAsync());
        Assert.Contains(text, Encoding.UTF8.GetString(reader.Current.Payload.Span), StringComparison.Ordinal);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_prelude_claiming_an_impossible_length_is_corrupt_not_an_allocation()
    {
        var frame = Wire.Event("metadata", "{}");
        frame[0] = 0x7f; // total length ~2 GiB, prelude CRC no longer matches either
        using var reader = new EventStreamReader(new ChunkedStream([frame]), TimeProvider.System, Idle, CancellationToken.None);
        await Assert.ThrowsAsync<EventStreamCorruptException>(async () => await reader.ReadAsync());
    }

    [Theory]
    [InlineData("converse-stream")]
    [InlineData("invoke-stream")]
    public async Task Reading_to_the_end_fills_the_report_like_enumerating_events(string api)
    {
        var frames = api == "converse-stream"
            ? Wire.ConverseEvents("one", "", "two", "three").ToList()
            : InvokeFrames("one", "two", "three");
        var streamed = await Decode(api, frames, readToEnd: false);
        var drained = await Decode(api, frames, readToEnd: true);

        Assert.Equal(3, drained.DeltaArrivals.Count);
        Assert.Equal(streamed.DeltaArrivals.Count, drained.DeltaArrivals.Count);
        Assert.Equal(streamed.Usage!.OutputTokens, drained.Usage!.OutputTokens);
        Assert.Equal(streamed.Usage.InputTokens, drained.Usage.InputTokens);
        Assert.Equal(streamed.StopReason, drained.StopReason);
        Assert.Equal(streamed.EventCount, drained.EventCount);
        Assert.Equal(drained.DeltaArrivals[0], drained.TimeToFirstToken);
    }

    [Theory]
    [InlineData("converse-stream")]
    [InlineData("invoke-stream")]
    public async Task Reading_to_the_end_allocates_nothing_per_frame(string api)
    {
        const int deltas = 20_000;
        var texts = Enumerable.Range(0, deltas).Select(i => "t" + i).ToArray();
        var frames = api == "converse-stream" ? Wire.ConverseEvents(texts).ToList() : InvokeFrames(texts);
        await Decode(api, frames, readToEnd: true); // warm up (JIT, pools)

        // Everything below completes synchronously on this thread (a MemoryStream body), so the
        // thread's allocation counter sees all of it. What remains per stream is the report, the
        // usage events at the end and the delta-arrival list (8 bytes a delta, grown by doubling).
        var body = Concat(frames);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = await Decode(api, body, readToEnd: true);
        var perDelta = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)deltas;

        Assert.Equal(deltas, report.DeltaArrivals.Count);
        Assert.True(perDelta < 40, $"{perDelta:F1} bytes allocated per delta");
    }

    private static Task<CallReport> Decode(string api, IReadOnlyList<byte[]> frames, bool readToEnd) => Decode(api, Concat(frames), readToEnd);

    private static async Task<CallReport> Decode(string api, byte[] body, bool readToEnd)
    {
        using var client = new BedrockRuntimeClient(new BedrockClientOptions { ServiceUrl = new Uri("http://127.0.0.1:9"), RetryMode = RetryMode.None });
        var operation = api == "converse-stream" ? BedrockOperation.ConverseStream : BedrockOperation.InvokeModelWithResponseStream;
        var call = new BedrockOperationRequest(operation, TestClients.GlobalSonnet, ReadOnlyMemory<byte>.Empty, new CallReport(), TimeProvider.System, TimeProvider.System.GetTimestamp());
        var response = new RawBedrockResponse { Body = new MemoryStream(body, writable: false) };
        if (api == "converse-stream")
        {
            var decoder = new ConverseStreamDecoder(client, call, response);
            await Consume(decoder.Events, decoder.ReadToEndAsync, readToEnd);
        }
        else
        {
            var decoder = new InvokeStreamDecoder(client, call, response);
            await Consume(decoder.Events, decoder.ReadToEndAsync, readToEnd);
        }

        return call.Report;
    }

    private static async Task Consume<T>(Func<CancellationToken, IAsyncEnumerable<T>> events, Func<CancellationToken, Task> readToEnd, bool drain)
    {
        if (drain)
        {
            await readToEnd(CancellationToken.None);
            return;
        }

        await foreach (var _ in events(CancellationToken.None))
        {
            // Materialised and dropped: the report is what is compared.
        }
    }

    private static List<byte[]> InvokeFrames(params string[] texts)
    {
        var frames = new List<byte[]>
        {
            Wire.Chunk("""{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"usage":{"input_tokens":9,"output_tokens":1}}}"""),
            Wire.Chunk("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
        };
        frames.AddRange(texts.Select(t => Wire.Chunk($$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{t}}}"}}""")));
        frames.Add(Wire.Chunk("""{"type":"content_block_stop","index":0}"""));
        frames.Add(Wire.Chunk("""{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}"""));
        frames.Add(Wire.Chunk("""{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":9,"outputTokenCount":3,"invocationLatency":10,"firstByteLatency":5}}"""));
        return frames;
    }

    private static byte[] Concat(IEnumerable<byte[]> frames) => [.. frames.SelectMany(f => f)];

    private static byte[][] Split(byte[] bytes, int size) => [.. bytes.Chunk(size)];

    /// <summary>A body that returns the given pieces one read each, optionally advancing a fake clock before each.</summary>
    internal sealed class ChunkedStream(byte[][] pieces, FakeTimeProvider? clock = null, params TimeSpan[] beforeEach) : Stream
    {
        private int _piece;
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_piece >= pieces.Length)
            {
                return 0;
            }

            if (_offset == 0 && clock is not null && _piece < beforeEach.Length)
            {
                clock.Advance(beforeEach[_piece]);
            }

            var piece = pieces[_piece];
            var n = Math.Min(buffer.Length, piece.Length - _offset);
            piece.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            if (_offset == piece.Length)
            {
                _piece++;
                _offset = 0;
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
