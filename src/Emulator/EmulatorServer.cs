using System.Net;
using LoadTest.Emulator.Admission;
using LoadTest.Emulator.Caching;
using LoadTest.Emulator.Http;
using LoadTest.Emulator.Pipeline;
using LoadTest.Emulator.Observability;
using LoadTest.Emulator.Pacing;
using LoadTest.Emulator.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoadTest.Emulator;

/// <summary>
/// The Bedrock Runtime emulator: a Kestrel server answering Converse, ConverseStream,
/// InvokeModel, InvokeModelWithResponseStream and CountTokens over HTTP/1.1 and over h2c (HTTP/2
/// with prior knowledge, on its own port, as the JavaScript SDK needs). Start with
/// <see cref="StartAsync"/>; dispose to stop and flush the logs.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InvocationLog _log;
    private readonly ModelDirectory _models;
    private readonly RegionTable _regions;
    private readonly BedrockEndpoint.Timekeeping _timekeeping;
    private int _disposed;

    private EmulatorServer(WebApplication app, InvocationLog log, BedrockEndpoint.Timekeeping timekeeping, ModelDirectory models, RegionTable regions, EmulatorOptions options, Uri http1, Uri? http2)
    {
        _app = app;
        _log = log;
        _timekeeping = timekeeping;
        _models = models;
        _regions = regions;
        Options = options;
        Http1Url = http1;
        Http2Url = http2;
    }

    public EmulatorOptions Options { get; }

    /// <summary>Base URL of the HTTP/1.1 endpoint, e.g. http://127.0.0.1:4010/.</summary>
    public Uri Http1Url { get; }

    /// <summary>Base URL of the h2c endpoint; null when <see cref="EmulatorOptions.Http2Port"/> is null.</summary>
    public Uri? Http2Url { get; }

    /// <summary>Totals since start: requests, throttles, errors, tokens.</summary>
    public EmulatorStatistics Statistics => _log.Snapshot();

    /// <summary>The emulator's own pacing error since start: how late stream deltas were written (p50, p99, max).</summary>
    public EmulatorLateness Lateness => _timekeeping.Lateness.Snapshot(_timekeeping.Timing?.Dropped ?? 0);

    /// <summary>Requests in flight on the base model behind <paramref name="modelId"/>, over every Region (all its profiles share the slots).</summary>
    internal int InFlight(string modelId)
    {
        var model = _models.Find(modelId) ?? throw new ArgumentException($"unknown model '{modelId}'", nameof(modelId));
        var total = 0;
        for (var r = 0; r < _regions.Count; r++)
        {
            total += model.Capacity.InFlight(r);
        }

        return total;
    }

    /// <summary>Validates <paramref name="options"/>, binds the ports and starts serving.</summary>
    public static Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
        => StartAsync(options, RequestLimits.Default, cancellationToken);

    /// <summary>As <see cref="StartAsync(EmulatorOptions, CancellationToken)"/>, with other request limits (tests shorten the timeouts).</summary>
    internal static async Task<EmulatorServer> StartAsync(EmulatorOptions options, RequestLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        ThinkingSignature.Warm();
        var clock = new EmulatorClock(options.TimeProvider);
        var regions = new RegionTable(options);
        var models = new ModelDirectory(options, regions);
        var admission = new AdmissionController(regions);
        var cache = new PromptCache(options.CacheTtl, options.CacheCapacity);
        var timing = OpenTimingLog(options.TimingLog);
        var log = new InvocationLog(options.SourceRegion, options.LogDirectory);
        var timekeeping = new BedrockEndpoint.Timekeeping(new StreamPacer(options.TimeProvider), new LatenessMeter(), timing);
        var endpoint = new BedrockEndpoint(options, clock, models, regions, admission, cache, log, timekeeping, limits);

        var address = ParseAddress(options.BindAddress);
        ListenOptions? h1 = null;
        ListenOptions? h2 = null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // Kestrel's limits sit above the emulator's (RequestLimits) so that most hostile
            // requests reach the endpoint and get a Bedrock-shaped answer; these bound the rest.
            k.Limits.MaxRequestBodySize = limits.DrainBodyBytes;
            k.Limits.MaxRequestHeaderCount = limits.TransportHeaderCount;
            k.Limits.MaxRequestHeadersTotalSize = limits.TransportHeaderBytes;
            k.Limits.Http2.MaxRequestHeaderFieldSize = limits.TransportHeaderBytes;
            k.Limits.RequestHeadersTimeout = limits.HeadersTimeout;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(limits.MinBodyBytesPerSecond, limits.MinBodyRateGrace);
            k.Limits.Http2.MaxStreamsPerConnection = 10_000;
            k.Listen(address, options.Port, lo =>
            {
                lo.Protocols = HttpProtocols.Http1;
                h1 = lo;
            });
            if (options.Http2Port is { } port2)
            {
                k.Listen(address, port2, lo =>
                {
                    lo.Protocols = HttpProtocols.Http2;
                    h2 = lo;
                });
            }
        });

        var app = builder.Build();
        app.Run(endpoint.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            await log.DisposeAsync();
            await DisposeAsync(timekeeping, null);
            throw;
        }

        var http1 = UrlOf(h1!, address);
        var http2 = h2 is null ? null : UrlOf(h2, address);
        return new EmulatorServer(app, log, timekeeping, models, regions, options, http1, http2);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Streams still open after the grace period are cut; the logs are still flushed.
            }
        }

        await _app.DisposeAsync();
        await _log.DisposeAsync();
        await DisposeAsync(_timekeeping, Lateness);
    }

    /// <summary>Stops the pacer and ends the timing log, with the lateness summary when there is one.</summary>
    private static async ValueTask DisposeAsync(BedrockEndpoint.Timekeeping timekeeping, EmulatorLateness? summary)
    {
        timekeeping.Pacer.Dispose();
        if (timekeeping.Timing is { } timing)
        {
            if (summary is null)
            {
                await timing.DisposeAsync();
            }
            else
            {
                await timing.CompleteAsync(summary);
            }
        }
    }

    /// <summary>A timing log that cannot be created is a settings error (exit 2), not a failure to listen.</summary>
    private static TimingLog? OpenTimingLog(string? path)
    {
        try
        {
            return path is null ? null : new TimingLog(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"timingLog '{path}' cannot be written: {e.Message}", "options", e);
        }
    }

    private static Uri UrlOf(ListenOptions listen, IPAddress address)
    {
        var port = listen.IPEndPoint!.Port;
        var host = address.Equals(IPAddress.Any) ? "127.0.0.1" : address.Equals(IPAddress.IPv6Any) ? "[::1]" : listen.IPEndPoint.Address.ToString();
        if (listen.IPEndPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !host.StartsWith('['))
        {
            host = "[" + host + "]";
        }

        return new Uri($"http://{host}:{port}/");
    }

    private static IPAddress ParseAddress(string bind)
    {
        if (string.Equals(bind, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(bind, out var ip)
            ? ip
            : throw new ArgumentException($"bind address '{bind}' is not an IP address (use 127.0.0.1, ::1 or 0.0.0.0)", nameof(bind));
    }

    private static void Validate(EmulatorOptions o)
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message, "options");
            }
        }

        Check(o.Models.Count > 0, "the emulator needs at least one model");
        Check(!string.IsNullOrWhiteSpace(o.SourceRegion), "sourceRegion is empty");
        Check(o.RegionCapacity >= 1, "regionCapacity must be at least 1");
        Check(o.RegionCapacityOverrides.Values.All(v => v >= 0), "a Region's capacity cannot be negative");
        Check(o.LatencyScale >= 0 && double.IsFinite(o.LatencyScale), "latencyScale must be 0 or more");
        Check(o.Jitter is >= 0 and <= 1, "jitter must be between 0 and 1");
        Check(o.Reservation.DefaultMaxTokens is null or >= 1, "defaultMaxTokens must be at least 1");
        Check(o.TokensPerStreamDelta >= 1, "streamChunkTokens must be at least 1");
        Check(o.CacheTtl > TimeSpan.Zero, "cacheTtl must be positive");
        Check(o.Port is >= 0 and <= 65535, "port must be 0..65535");
        Check(o.Http2Port is null or (>= 0 and <= 65535), "http2 port must be 0..65535");
        Check(o.Port == 0 || o.Port != o.Http2Port, "the HTTP/1.1 and h2c ports must differ");
        foreach (var f in o.Faults)
        {
            Check(f.Rate is >= 0 and <= 1, $"fault rate {f.Rate} must be between 0 and 1");
        }

        foreach (var m in o.Models)
        {
            Check(m.OutputTokensPerSecond > 0, $"model '{m.Id}': outputTokensPerSecond must be positive");
        }
    }

    /// <summary>The host must not grab Ctrl-C: the CLI or the test that embeds the emulator decides when it stops.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
