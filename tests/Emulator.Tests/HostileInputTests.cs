using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;
using LoadTest.Emulator.Http;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// What the emulator answers to input a hostile or broken client sends: oversized bodies, prompts
/// past the context window, wrong content types, malformed or deeply nested JSON, invalid UTF-8,
/// too many or too large headers, slow clients. Each answer is checked on the wire (status,
/// x-amzn-ErrorType, JSON message), and each is followed by a good request that must still get 200.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string Opus46 = "global.anthropic.claude-opus-4-6-v1";

    /// <summary>Short timeouts so the slow-client cases take a second or two, not Kestrel's defaults.</summary>
    internal static readonly RequestLimits TestLimits = RequestLimits.Default with
    {
        HeadersTimeout = TimeSpan.FromSeconds(1),
        MinBodyRateGrace = TimeSpan.FromSeconds(2), // Kestrel needs more than 1 s
    };

    private EmulatorServer _emu = null!;

    public async Task InitializeAsync() => _emu = await StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    internal static Task<EmulatorServer> StartAsync()
        => EmulatorServer.StartAsync(TestEmulator.Options(TestEmulator.Instant), TestLimits, CancellationToken.None);

    [Fact]
    public async Task A_30_MiB_body_is_ValidationException_with_Bedrocks_size_message_not_a_throttle()
    {
        var body = OversizedConverseBody(30 * 1024 * 1024);
        foreach (var chunked in new[] { false, true })
        {
            var r = await SendAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", body, "application/json", chunked);
            AssertError(r, 400, "ValidationException",
                "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to 25000000");
            await AssertStillServesAsync(_emu);
        }

        Assert.Equal(0, _emu.Statistics.Throttled);
    }

    [Fact]
    public async Task Over_h2c_an_oversized_body_and_too_many_headers_get_the_same_answers()
    {
        var h2 = _emu.Http2Url!;
        var big = await SendAsync(h2, TestEmulator.Haiku, "converse-stream", Encoding.UTF8.GetBytes(OversizedConverseBody(30 * 1024 * 1024)), "application/json", http2: true);
        var headers = await SendAsync(h2, TestEmulator.Haiku, "converse", Encoding.UTF8.GetBytes(BedrockHttp.ConverseBody()), "application/json", http2: true,
            extraHeaders: Enumerable.Range(0, 150).Select(i => ($"x-junk-{i}", "v")));
        var good = await SendAsync(h2, TestEmulator.Haiku, "converse", Encoding.UTF8.GetBytes(BedrockHttp.ConverseBody(outputTokens: 3)), "application/json", http2: true);

        AssertError(big, 400, "ValidationException", "less than or equal to 25000000");
        AssertError(headers, 431, "ValidationException", "the limit is 100 headers");
        Assert.Equal(200, good.Status);
    }

    [Fact]
    public async Task A_body_of_exactly_25000000_bytes_is_read_and_judged_on_its_content()
    {
        var r = await SendAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", OversizedConverseBody((int)RequestLimits.BedrockBodyBytes), "application/json");

        // Within the size limit, so it is parsed: an InvokeModel body without max_tokens.
        AssertError(r, 400, "ValidationException", "required key [max_tokens] not found");
    }

    [Fact]
    public async Task A_declared_length_past_the_drain_limit_is_answered_at_once_without_reading_the_body()
    {
        var r = await RawAsync(_emu.Http1Url, $"POST /model/{TestEmulator.Haiku}/converse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n{{\"messages\":");

        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Header("x-amzn-ErrorType"));
        Assert.Contains("less than or equal to 25000000", r.Text, StringComparison.Ordinal);
        await AssertStillServesAsync(_emu);
    }

    [Fact]
    public async Task The_official_client_sees_an_oversized_body_as_ValidationException_and_does_not_retry_it()
    {
        using var client = new BedrockRuntimeClient(new BedrockClientOptions
        {
            ServiceUrl = _emu.Http1Url,
            Region = "us-east-1",
            RetryMode = LoadTest.Core.RetryMode.Standard,
            MaxAttempts = 3,
            Credentials = new BasicAWSCredentials("AKIDLOADTESTDUMMY", "loadtest-dummy-secret"),
        });
        var before = _emu.Statistics.Requests;

        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.InvokeModelAsync(
            TestEmulator.Haiku, Encoding.UTF8.GetBytes(OversizedConverseBody(26_000_000))));

        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal(400, e.StatusCode);
        Assert.Equal(1, e.Report.AttemptCount);
        Assert.Equal(before + 1, _emu.Statistics.Requests);
    }

    [Theory]
    [InlineData("converse")]
    [InlineData("converse-stream")]
    [InlineData("invoke")]
    [InlineData("invoke-with-response-stream")]
    public async Task A_1M_token_prompt_is_past_the_context_window_and_refused_as_Bedrock_words_it(string operation)
    {
        var prompt = new string('a', 4_000_000); // 1,000,000 tokens at 4 bytes a token
        var body = operation.StartsWith("invoke", StringComparison.Ordinal) ? BedrockHttp.AnthropicBody(prompt) : BedrockHttp.ConverseBody(prompt);

        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, operation, body);

        AssertError(r, 400, "ValidationException", "The model returned the following errors: prompt is too long: 1000000 tokens > 200000 maximum");
        Assert.Equal(0, _emu.Statistics.QuotaTokens);
        await AssertStillServesAsync(_emu);
    }

    [Fact]
    public async Task A_prompt_of_exactly_the_context_window_is_served()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(new string('a', 800_000), outputTokens: 3));

        Assert.Equal(200, r.Status);
        Assert.Equal(200_000, r.Json.GetProperty("usage").GetProperty("inputTokens").GetInt32());
    }

    [Fact]
    public async Task MaxTokens_is_checked_against_the_catalogs_output_limit_per_model()
    {
        var opusAtLimit = await BedrockHttp.PostAsync(_emu.Http1Url, Opus46, "converse", BedrockHttp.ConverseBody(maxTokens: 128_000, outputTokens: 2));
        var opusOver = await BedrockHttp.PostAsync(_emu.Http1Url, Opus46, "converse", BedrockHttp.ConverseBody(maxTokens: 128_001));
        var haikuOver = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", BedrockHttp.AnthropicBody(maxTokens: 64_001));

        Assert.Equal(200, opusAtLimit.Status);
        AssertError(opusOver, 400, "ValidationException", "exceeds the model limit of 128000");
        AssertError(haikuOver, 400, "ValidationException", "max_tokens: 64001 > 64000");
    }

    [Theory]
    [InlineData("converse", "text/plain")]
    [InlineData("invoke", "application/octet-stream")]
    [InlineData("invoke-with-response-stream", "application/x-www-form-urlencoded")]
    [InlineData("count-tokens", "text/xml")]
    public async Task A_content_type_other_than_JSON_is_ValidationException(string operation, string contentType)
    {
        var body = operation.StartsWith("invoke", StringComparison.Ordinal) ? BedrockHttp.AnthropicBody() : BedrockHttp.ConverseBody();

        var r = await SendAsync(_emu.Http1Url, TestEmulator.Haiku, operation, body, contentType);

        AssertError(r, 400, "ValidationException", RequestBody.NotJsonContentType);
        await AssertStillServesAsync(_emu);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    public async Task No_content_type_or_JSON_with_parameters_is_accepted(string? contentType)
    {
        var r = await SendAsync(_emu.Http1Url, TestEmulator.Haiku, "invoke", BedrockHttp.AnthropicBody(outputTokens: 2), contentType);

        Assert.Equal(200, r.Status);
    }

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        { "converse", "{\"messages\":[", "Malformed input request: the body is not valid JSON" },
        { "converse", "not json at all", "Malformed input request: the body is not valid JSON" },
        { "invoke", "", "Malformed input request" },
        { "converse", new string('[', 100_000) + new string(']', 100_000), "Malformed input request: the body nests deeper than 64 levels (line 1, byte 65), please reformat your input and try again." },
        { "converse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}],\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}", "Malformed input request" },
        { "invoke", "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":" + new string('[', 100_000) + new string(']', 100_000) + "}]}", "Malformed input request" },
        { "count-tokens", "{\"input\":{\"converse\":" + new string('{', 50_000) + "}}", "Malformed input request" },
        { "converse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"\\ud800\"}]}]}", "Malformed input request" },
        { "invoke", "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"\\udc00 lone\"}]}", "Malformed input request" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_and_deeply_nested_JSON_is_ValidationException_Malformed_input_request(string operation, string body, string expected)
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, operation, body);

        AssertError(r, 400, "ValidationException", expected);
        await AssertStillServesAsync(_emu);
    }

    [Theory]
    [InlineData("converse", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"caf\xFF\"}]}]}")]
    [InlineData("converse", "{\"ignored\":\"\xC3\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}")]
    [InlineData("invoke", "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"\xED\xA0\x80\"}]}")]
    public async Task Invalid_UTF8_anywhere_in_the_body_is_ValidationException(string operation, string latin1Body)
    {
        // Each char of the literal is one byte on the wire, so \xFF is the raw byte 0xFF.
        var bytes = Encoding.Latin1.GetBytes(latin1Body);

        var r = await SendAsync(_emu.Http1Url, TestEmulator.Haiku, operation, bytes, "application/json");

        AssertError(r, 400, "ValidationException", RequestBody.NotUtf8);
        await AssertStillServesAsync(_emu);
    }

    [Fact]
    public async Task Invalid_UTF8_split_across_body_segments_is_found()
    {
        // Large enough that Kestrel hands the body over in many segments.
        // Raw UTF-8 (JsonSerializer would escape the é).
        var good = Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + new string('é', 300_000) + "\"}]}]}");
        var bad = (byte[])good.Clone();
        var at = Array.IndexOf(bad, (byte)0xC3, 400_000);
        Assert.True(at > 0);
        bad[at + 1] = 0x41; // a lead byte followed by a non-continuation byte

        Assert.Equal(200, (await SendAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", good, "application/json")).Status);
        AssertError(await SendAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", bad, "application/json"), 400, "ValidationException", RequestBody.NotUtf8);
    }

    [Fact]
    public async Task Too_many_headers_is_431_with_an_error_type_and_a_JSON_message()
    {
        var extra = string.Concat(Enumerable.Range(0, 150).Select(i => $"x-junk-{i}: v\r\n"));

        var r = await RawPostAsync(_emu.Http1Url, extra, BedrockHttp.ConverseBody());

        AssertError(r, 431, "ValidationException", "Request header fields too large: 153 headers, ");
        Assert.Contains("the limit is 100 headers", r.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillServesAsync(_emu);
    }

    [Fact]
    public async Task A_header_too_large_is_431_with_an_error_type_and_a_JSON_message()
    {
        var r = await RawPostAsync(_emu.Http1Url, $"x-big: {new string('a', 40_000)}\r\n", BedrockHttp.ConverseBody());

        AssertError(r, 431, "ValidationException", "the limit is 100 headers and 32768 bytes");
        await AssertStillServesAsync(_emu);
    }

    [Fact]
    public async Task Headers_past_Kestrels_own_limit_are_cut_off_by_Kestrel_and_the_emulator_keeps_serving()
    {
        var extra = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"x-junk-{i}: v\r\n"));

        var r = await RawPostAsync(_emu.Http1Url, extra, BedrockHttp.ConverseBody());

        Assert.Equal(431, r.Status); // Kestrel's own answer: no error type (documented in docs/emulator.md)
        await AssertStillServesAsync(_emu);
    }

    [Fact]
    public async Task A_body_that_stalls_is_408_RequestTimeoutException_within_the_rate_grace()
    {
        var clock = Stopwatch.StartNew();
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, _emu.Http1Url.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /model/{TestEmulator.Haiku}/converse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{{\"messages\":"));

        var r = await ReadResponseAsync(stream, TimeSpan.FromSeconds(15));

        AssertError(r, 408, "RequestTimeoutException", "slower than 240 bytes per second");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await AssertStillServesAsync(_emu);
    }

    [Fact]
    public async Task A_client_that_never_finishes_its_headers_is_cut_off_and_the_emulator_keeps_serving()
    {
        var clock = Stopwatch.StartNew();
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, _emu.Http1Url.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /model/{TestEmulator.Haiku}/converse HTTP/1.1\r\nHost: x\r\nx-slow: "));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest, timeout.Token); // returns when the emulator closes the connection

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await AssertStillServesAsync(_emu);
    }

    /// <summary>A Converse body of exactly <paramref name="bytes"/> bytes (an over-long text block).</summary>
    internal static string OversizedConverseBody(int bytes)
    {
        var shell = BedrockHttp.ConverseBody("");
        return shell.Replace("\"text\":\"\"", "\"text\":\"" + new string('a', bytes - shell.Length) + "\"", StringComparison.Ordinal);
    }

    internal static async Task AssertStillServesAsync(EmulatorServer emu)
    {
        var r = await BedrockHttp.PostAsync(emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(outputTokens: 3));
        Assert.Equal(200, r.Status);
    }

    internal static void AssertError(BedrockHttp.Reply r, int status, string type, string message)
    {
        Assert.True(r.Status == status, $"expected {status}, got {r.Status}: {r.Text}");
        Assert.Equal(type, r.Header("x-amzn-ErrorType"));
        Assert.NotNull(r.Header("x-amzn-RequestId"));
        Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
        var said = r.Json.GetProperty("message").GetString() ?? "";
        Assert.True(said.Contains(message, StringComparison.Ordinal), $"expected the message to contain \"{message}\", it was \"{said}\"");
    }

    internal static Task<BedrockHttp.Reply> SendAsync(Uri baseUrl, string modelId, string operation, string body, string? contentType, bool chunked = false)
        => SendAsync(baseUrl, modelId, operation, Encoding.UTF8.GetBytes(body), contentType, chunked);

    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Posts raw bytes with any (or no) content type; <paramref name="chunked"/> hides the length.</summary>
    internal static async Task<BedrockHttp.Reply> SendAsync(
        Uri baseUrl, string modelId, string operation, byte[] body, string? contentType, bool chunked = false, bool http2 = false, IEnumerable<(string Name, string Value)>? extraHeaders = null)
    {
        var url = new Uri(baseUrl, $"model/{Uri.EscapeDataString(modelId)}/{operation}");
        using HttpContent content = chunked ? new StreamContent(new UnknownLengthStream(body)) : new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (http2)
        {
            // h2c with prior knowledge, as the JavaScript SDK talks to the emulator's second port.
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        foreach (var (name, value) in extraHeaders ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new BedrockHttp.Reply((int)response.StatusCode, headers, bytes);
    }

    /// <summary>A Converse POST over a fresh socket with extra raw header lines.</summary>
    private static Task<BedrockHttp.Reply> RawPostAsync(Uri baseUrl, string extraHeaders, string body)
    {
        var payload = Encoding.UTF8.GetByteCount(body);
        return RawAsync(baseUrl, $"POST /model/{TestEmulator.Haiku}/converse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{extraHeaders}Content-Length: {payload}\r\n\r\n{body}");
    }

    private static async Task<BedrockHttp.Reply> RawAsync(Uri baseUrl, string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, baseUrl.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        return await ReadResponseAsync(stream, TimeSpan.FromSeconds(15));
    }

    /// <summary>Reads one HTTP/1.1 response with a Content-Length body (or up to the close).</summary>
    private static async Task<BedrockHttp.Reply> ReadResponseAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk, cts.Token);
            if (n == 0)
            {
                throw new IOException("connection closed before a response: " + Encoding.ASCII.GetString(buffer.ToArray()));
            }

            buffer.Write(chunk, 0, n);
        }

        var all = buffer.ToArray();
        var lines = Encoding.ASCII.GetString(all, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new MemoryStream();
        body.Write(all, headEnd + 4, all.Length - headEnd - 4);
        while (body.Length < length)
        {
            var n = await stream.ReadAsync(chunk, cts.Token);
            if (n == 0)
            {
                break;
            }

            body.Write(chunk, 0, n);
        }

        return new BedrockHttp.Reply(status, headers, body.ToArray());
    }

    private static int IndexOfHeadEnd(MemoryStream buffer)
    {
        var span = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return span.IndexOf("\r\n\r\n"u8);
    }

    /// <summary>A stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
    }
}
