using System.Diagnostics;
using System.Text.Json;
using LoadTest.Bedrock.Client;
using LoadTest.Config;

namespace LoadTest.Scenarios.Output;

/// <summary>
/// `loadtest run --timing-log FILE`: one JSON line per completed stream with when each text delta
/// arrived, for benchmarks that compare the harness with the emulator's own timing log
/// (`loadtest emulator --timing-log`) request by request:
/// <c>{"requestId":"…","api":"converse-stream","startUs":…,"deltasUs":[…]}</c>.
/// <c>startUs</c> is the call's start on the machine's monotonic clock in microseconds
/// (Stopwatch: CLOCK_MONOTONIC on Linux, the same clock in every process, so it can be subtracted
/// from the emulator's stamps); <c>deltasUs</c> are offsets from it, stamped when the socket read
/// that completed each delta's frame returned. No prompt or output text. Lines are written at
/// completion under a lock into a buffered file, off the path that times the frames.
/// </summary>
public sealed class StreamTimingLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;

    public StreamTimingLog(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
        _json = new Utf8JsonWriter(_file);
    }

    public void Write(ApiKind api, CallReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            _json.Reset(_file);
            _json.WriteStartObject();
            _json.WriteString("requestId"u8, report.RequestId);
            _json.WriteString("api"u8, api.ToText());
            _json.WriteNumber("startUs"u8, MonotonicMicroseconds.Of(report.StartTimestamp, Stopwatch.Frequency));
            _json.WriteStartArray("deltasUs"u8);
            foreach (var arrival in report.DeltaArrivals)
            {
                _json.WriteNumberValue(arrival.Ticks / TimeSpan.TicksPerMicrosecond);
            }

            _json.WriteEndArray();
            _json.WriteEndObject();
            _json.Flush();
            _file.WriteByte((byte)'\n');
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _json.Dispose();
            _file.Dispose();
        }
    }
}
