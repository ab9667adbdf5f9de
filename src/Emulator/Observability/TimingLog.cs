using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace LoadTest.Emulator.Observability;

/// <summary>
/// The ground-truth timing log (<c>emulator.timingLog</c> / <c>--timing-log</c>): one JSON object
/// per line per finished request with when it arrived, when its headers went out and, for streams,
/// when each delta was due and when it was written. Requests only enqueue a record; one background
/// task formats and writes them through a buffered file, so the log does not disturb the timing it
/// records. If the queue fills, records are dropped and counted, not waited for. No prompt text.
/// </summary>
internal sealed class TimingLog : IAsyncDisposable
{
    private const int QueueCapacity = 100_000;

    private readonly Channel<TimingRecord> _queue;
    private readonly FileStream _file;
    private readonly Task _writer;
    private long _dropped;
    private EmulatorLateness? _summary;

    public TimingLog(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 256 * 1024);
        _queue = Channel.CreateBounded<TimingRecord>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(TimingRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Ends the log with a summary line (<c>{"summary": ...}</c>) and flushes it.</summary>
    public async ValueTask CompleteAsync(EmulatorLateness summary)
    {
        _summary = summary;
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_queue.Writer.TryComplete())
        {
            await _writer;
        }
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        await using (_file)
        {
            using var json = new Utf8JsonWriter(buffer);
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var record))
                {
                    Write(json, record);
                    EndLine(json, buffer);
                    if (buffer.WrittenCount >= 64 * 1024)
                    {
                        await _file.WriteAsync(buffer.WrittenMemory);
                        buffer.ResetWrittenCount();
                    }
                }

                await _file.WriteAsync(buffer.WrittenMemory);
                buffer.ResetWrittenCount();
                await _file.FlushAsync();
            }

            if (_summary is { } summary)
            {
                WriteSummary(json, summary);
                EndLine(json, buffer);
                await _file.WriteAsync(buffer.WrittenMemory);
                await _file.FlushAsync();
            }
        }
    }

    private static void EndLine(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer)
    {
        json.Flush();
        json.Reset();
        buffer.Write("\n"u8);
    }

    private static void Write(Utf8JsonWriter json, TimingRecord r)
    {
        json.WriteStartObject();
        json.WriteString("requestId"u8, r.RequestId);
        json.WriteString("operation"u8, r.Operation);
        json.WriteString("modelId"u8, r.ModelId);
        json.WriteNumber("status"u8, r.Status);
        if (r.ErrorCode is not null)
        {
            json.WriteString("errorCode"u8, r.ErrorCode);
        }

        json.WriteNumber("arrivedUs"u8, r.ArrivedUs);
        if (r.HeadersUs is { } headers)
        {
            json.WriteNumber("headersUs"u8, headers);
        }

        if (r.DueUs is not null && r.WrittenUs is not null)
        {
            WriteArray(json, "dueUs"u8, r.DueUs.AsSpan(0, r.Deltas));
            WriteArray(json, "writtenUs"u8, r.WrittenUs.AsSpan(0, r.Deltas));
        }

        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, ReadOnlySpan<byte> name, ReadOnlySpan<long> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
    }

    private static void WriteSummary(Utf8JsonWriter json, EmulatorLateness s)
    {
        json.WriteStartObject();
        json.WriteStartObject("summary"u8);
        WriteLateness(json, "deltaLatenessUs"u8, s.Delta);
        WriteLateness(json, "firstDeltaLatenessUs"u8, s.FirstDelta);
        json.WriteNumber("droppedRecords"u8, s.TimingRecordsDropped);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLateness(Utf8JsonWriter json, ReadOnlySpan<byte> name, LatenessSummary l)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count"u8, l.Count);
        json.WriteNumber("p50"u8, (long)l.P50.TotalMicroseconds);
        json.WriteNumber("p99"u8, (long)l.P99.TotalMicroseconds);
        json.WriteNumber("max"u8, (long)l.Max.TotalMicroseconds);
        json.WriteEndObject();
    }
}
