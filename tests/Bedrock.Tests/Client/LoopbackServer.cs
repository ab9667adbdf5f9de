using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoadTest.Bedrock.Tests.Client;

/// <summary>What the server saw of one request.</summary>
public sealed record SeenRequest(string RawTarget, string Operation, string ModelId, string? Authorization, string? SdkRequest, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port. Every request to
/// /model/{id}/{operation} is recorded (model id decoded from the raw request target, the way a
/// Bedrock front end must) and answered by the test's handler.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SeenRequest> _seen = new();
    private int _count;

    private LoopbackServer(WebApplication app)
    {
        _app = app;
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<SeenRequest> Requests => _seen.ToArray();

    public int RequestCount => Volatile.Read(ref _count);

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, SeenRequest, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxConcurrentConnections = null);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            var seen = await server.Record(context);
            await handler(context, seen);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    /// <summary>
    /// A server that answers its first <paramref name="failures"/> requests with
    /// <paramref name="fail"/> (given the request's number, from 1) and every later one with a
    /// Converse answer carrying <paramref name="successRequestId"/>.
    /// </summary>
    public static Task<LoopbackServer> FailingFirstAsync(int failures, Func<HttpContext, int, Task> fail, string successRequestId = "req-ok")
    {
        var calls = 0;
        return StartAsync((ctx, _) => Interlocked.Increment(ref calls) is var n && n <= failures
            ? fail(ctx, n)
            : Wire.Json(ctx, Wire.ConverseJson, requestId: successRequestId));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<SeenRequest> Record(HttpContext context)
    {
        Interlocked.Increment(ref _count);
        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var path = raw.Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var modelId = segments.Length == 3 && segments[0] == "model" ? Uri.UnescapeDataString(segments[1]) : "";
        var operation = segments.Length == 3 ? segments[2] : "";
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var seen = new SeenRequest(raw, operation, modelId, headers.GetValueOrDefault("Authorization"), headers.GetValueOrDefault("amz-sdk-request"), headers, body.ToArray());
        _seen.Enqueue(seen);
        return seen;
    }
}
