using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.Runtime.EventStreams;

namespace LoadTest.Emulator.Tests;

/// <summary>A plain HTTP view of the emulator: posts bodies, decodes event-stream frames.</summary>
internal static class BedrockHttp
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static string ConverseBody(string text = "hello", int? maxTokens = 100, int? outputTokens = null)
    {
        var meta = outputTokens is null ? "" : $",\"requestMetadata\":{{\"loadtest-output-tokens\":\"{outputTokens}\"}}";
        var config = maxTokens is null ? "" : $",\"inferenceConfig\":{{\"maxTokens\":{maxTokens}}}";
        return $"{{\"messages\":[{{\"role\":\"user\",\"content\":[{{\"text\":{JsonSerializer.Serialize(text)}}}]}}]{config}{meta}}}";
    }

    public static string AnthropicBody(string text = "hello", int maxTokens = 100, int? outputTokens = null)
    {
        var meta = outputTokens is null ? "" : $",\"metadata\":{{\"loadtest-output-tokens\":\"{outputTokens}\"}}";
        return $"{{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":{maxTokens},\"messages\":[{{\"role\":\"user\",\"content\":{JsonSerializer.Serialize(text)}}}]{meta}}}";
    }

    public static async Task<Reply> PostAsync(Uri baseUrl, string modelId, string operation, string body, CancellationToken ct = default)
    {
        var url = new Uri(baseUrl, $"model/{Uri.EscapeDataString(modelId)}/{operation}");
        return await PostUrlAsync(url, body, ct);
    }

    public static async Task<Reply> PostUrlAsync(Uri url, string body, CancellationToken ct = default)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(url, content, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Reply((int)response.StatusCode, headers, bytes);
    }

    /// <summary>Sends exactly the given request target over a fresh socket (HttpClient would normalise it).</summary>
    public static async Task<Reply> PostRawTargetAsync(Uri baseUrl, string rawTarget, string body)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, baseUrl.Port);
        var stream = socket.GetStream();
        var payload = Encoding.UTF8.GetBytes(body);
        var head = $"POST {rawTarget} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(payload);
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms);
        var text = Encoding.UTF8.GetString(ms.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new Reply(status, headers, Encoding.UTF8.GetBytes(text[(split + 4)..]));
    }

    /// <summary>Splits an event-stream body into frames with AWSSDK.Core's decoder (which checks both CRCs).</summary>
    public static List<Frame> Frames(byte[] body)
    {
        var frames = new List<Frame>();
        var offset = 0;
        while (offset < body.Length)
        {
            var total = (body[offset] << 24) | (body[offset + 1] << 16) | (body[offset + 2] << 8) | body[offset + 3];
            // FromBuffer checks the message CRC from the start of the array, so give it each frame on its own.
            var message = EventStreamMessage.FromBuffer(body[offset..(offset + total)], 0, total);
            var headers = message.Headers.ToDictionary(h => h.Key, h => h.Value.AsString(), StringComparer.Ordinal);
            frames.Add(new Frame(headers, message.Payload));
            offset += total;
        }

        return frames;
    }

    internal sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);

        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    }

    internal sealed record Frame(IReadOnlyDictionary<string, string> Headers, byte[] Payload)
    {
        public string Kind => Headers.TryGetValue(":event-type", out var e) ? e : Headers.GetValueOrDefault(":exception-type", "?");

        public bool IsException => Headers.GetValueOrDefault(":message-type") == "exception";

        public JsonElement Json => JsonDocument.Parse(Payload).RootElement;
    }
}
