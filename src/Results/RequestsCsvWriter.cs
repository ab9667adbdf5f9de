using System.Text;
using System.Threading.Channels;

namespace LoadTest.Results;

/// <summary>
/// Streams request rows to the per-request file (<see cref="RequestsCsv"/>) from one background writer: callers only enqueue, the
/// file is flushed about every half second so a killed run leaves its rows on disk.
/// </summary>
public sealed class RequestsCsvWriter : IRequestLog, IAsyncDisposable
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(500);
    private readonly Channel<RequestRecord> _channel = Channel.CreateUnbounded<RequestRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StreamWriter _writer;
    private readonly TimeProvider _time;
    private readonly Task _pump;
    private long _written;

    public RequestsCsvWriter(string path, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), new UTF8Encoding(false));
        _writer.WriteLine(RequestsCsv.Header);
        _writer.Flush();
        _pump = Task.Run(PumpAsync);
    }

    public long Written => Interlocked.Read(ref _written);

    public void Write(RequestRecord record)
    {
        // Unbounded: a completion never waits on the disk. After disposal rows are dropped on purpose.
        _channel.Writer.TryWrite(record);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _pump;
        await _writer.DisposeAsync();
    }

    private async Task PumpAsync()
    {
        var reader = _channel.Reader;
        var lastFlush = _time.GetTimestamp();
        Task<bool>? waiting = null;
        while (true)
        {
            while (reader.TryRead(out var record))
            {
                await _writer.WriteLineAsync(RequestsCsv.Line(record));
                Interlocked.Increment(ref _written);
            }

            if (_time.GetElapsedTime(lastFlush) >= FlushEvery)
            {
                await _writer.FlushAsync();
                lastFlush = _time.GetTimestamp();
            }

            waiting ??= reader.WaitToReadAsync().AsTask();
            var done = await Task.WhenAny(waiting, Task.Delay(FlushEvery, _time));
            if (done == waiting)
            {
                var more = await waiting;
                waiting = null;
                if (!more)
                {
                    break;
                }
            }
            else
            {
                await _writer.FlushAsync();
                lastFlush = _time.GetTimestamp();
            }
        }

        while (reader.TryRead(out var rest))
        {
            await _writer.WriteLineAsync(RequestsCsv.Line(rest));
            Interlocked.Increment(ref _written);
        }

        await _writer.FlushAsync();
    }
}
