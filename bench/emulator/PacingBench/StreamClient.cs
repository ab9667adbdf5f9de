using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HdrHistogram;

namespace LoadTest.Bench.Pacing;

/// <summary>
/// N keep-alive HTTP/1.1 connections, each sending ConverseStream requests back to back for a
/// bounded time and timing every contentBlockDelta frame where the bytes arrive (right after the
/// receive returns). Deliberately bare: a hand-written chunked + event-stream reader, no SDK.
/// </summary>
internal sealed class StreamClient
{
    private const string Model = "global.anthropic.claude-haiku-4-5-20251001-v1%3A0";

    private readonly LongConcurrentHistogram _ttft = new(1, 3_600_000_000, 3);
    private readonly LongConcurrentHistogram _gap = new(1, 3_600_000_000, 3);
    private readonly byte[] _request;
    private readonly int _tokens;
    private long _completed;
    private long _deltas;
    private long _short;
    private long _failed;

    private StreamClient(int port, int tokens)
    {
        _tokens = tokens;
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"pace me\"}]}],\"inferenceConfig\":{\"maxTokens\":4000},"
            + "\"requestMetadata\":{\"loadtest-output-tokens\":\"" + tokens.ToString(CultureInfo.InvariantCulture) + "\"}}";
        var head = $"POST /model/{Model}/converse-stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n";
        _request = Encoding.ASCII.GetBytes(head + body);
    }

    public static async Task<string> RunAsync(int port, int streams, TimeSpan duration, TimeSpan ramp, int tokens)
    {
        var client = new StreamClient(port, tokens);
        var startUs = Micros(Stopwatch.GetTimestamp());
        var started = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        // Hard bound: the run's length plus one stream's worth of time plus slack.
        using var abort = new CancellationTokenSource(duration + TimeSpan.FromSeconds(60));
        var workers = new Task[streams];
        for (var i = 0; i < streams; i++)
        {
            // Spread the starts evenly over the ramp so the streams' deltas are not all in phase.
            var offset = streams == 1 ? TimeSpan.Zero : ramp * i / streams;
            workers[i] = client.RunConnectionAsync(port, offset, duration, abort.Token);
        }

        await Task.WhenAll(workers);
        var wall = Stopwatch.GetElapsedTime(started);
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var t = client._ttft.Copy();
        var g = client._gap.Copy();
        return string.Create(CultureInfo.InvariantCulture,
            $"startUs={startUs} deltas={client._deltas} streams={client._completed} short={client._short} failed={client._failed} " +
            $"clientTtftP50={Ms(t, 50)} clientTtftP99={Ms(t, 99)} clientGapP50={Ms(g, 50)} clientGapP99={Ms(g, 99)} clientGapMax={Ms(g, 100)} " +
            $"clientCpu={cpuUsed.TotalSeconds / wall.TotalSeconds * 100:0}%");
    }

    internal static long Micros(long ticks) => (long)(ticks * (1_000_000.0 / Stopwatch.Frequency));

    internal static string Ms(HistogramBase h, double percentile)
        => h.TotalCount == 0 ? "-" : (h.GetValueAtPercentile(percentile) / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    private async Task RunConnectionAsync(int port, TimeSpan offset, TimeSpan duration, CancellationToken ct)
    {
        try
        {
            await Task.Delay(offset, ct);
            var stopStarting = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
            var reader = new ResponseReader();
            for (var i = 0; i < 100_000 && Stopwatch.GetTimestamp() < stopStarting; i++)
            {
                await OneStreamAsync(socket, reader, ct);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidDataException)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    private async Task OneStreamAsync(Socket socket, ResponseReader reader, CancellationToken ct)
    {
        reader.Reset();
        var sent = Stopwatch.GetTimestamp();
        await socket.SendAsync(_request, SocketFlags.None, ct);
        var deltas = 0;
        var previous = 0L;
        var buffer = reader.Buffer;
        while (!reader.Done)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            var now = Stopwatch.GetTimestamp();
            if (n == 0)
            {
                throw new IOException("connection closed mid-response");
            }

            var frames = reader.Feed(n);
            for (var f = 0; f < frames; f++)
            {
                if (deltas == 0)
                {
                    _ttft.RecordValue(Math.Max(1, Micros(now - sent)));
                }
                else
                {
                    _gap.RecordValue(Math.Max(1, Micros(now - previous)));
                }

                previous = now;
                deltas++;
            }
        }

        Interlocked.Add(ref _deltas, deltas);
        Interlocked.Increment(ref deltas == _tokens ? ref _completed : ref _short);
    }
}
