using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Wire;
using LoadTest.Core;
using LoadTest.Core.Models;
using LoadTest.Emulator.Http;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// <c>emulator.verifySignature</c>: Signature Version 4 checked on every request, refusals worded as AWS
/// words them. The happy path is signed by AWSSDK.Core (through our client); the raw cases by a small
/// signer over <see cref="SignatureVersion4"/>, itself pinned to AWS's published test-suite vectors.
/// </summary>
public sealed class SignatureVerificationTests : IAsyncLifetime
{
    private const string KeyId = "AKIDLOADTESTSIGNED";
    private const string Secret = "loadtest-signing-secret/with+chars";

    private static readonly string Yaml = TestEmulator.Instant + $"""

          verifySignature:
            - accessKeyId: {KeyId}
              secretAccessKey: {Secret}
            - accessKeyId: AKIDSECOND
              secretAccessKey: second-secret
        """;

    private EmulatorServer _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(Yaml);

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    [Fact]
    public void The_maths_matches_AWS_get_vanilla_and_query_order_examples()
    {
        var headers = new List<KeyValuePair<string, string>> { new("host", "example.amazonaws.com"), new("x-amz-date", "20150830T123600Z") };
        var key = SignatureVersion4.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service");
        string Sign(string target)
        {
            var canonical = SignatureVersion4.CanonicalRequestHead("GET", target, headers) + "\n" + SignatureVersion4.PayloadHash(ReadOnlySequence<byte>.Empty);
            return SignatureVersion4.Signature(key, SignatureVersion4.StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
        }

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", Sign("/"));
        Assert.Equal("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", Sign("/?Param2=value2&Param1=value1"));
    }

    [Fact]
    public void Header_values_are_trimmed_and_their_inner_spaces_collapsed()
    {
        Assert.Equal("a b c", SignatureVersion4.CanonicalValue("  a   b c "));
    }

    [Fact]
    public async Task The_right_keys_are_served_for_Converse_and_ConverseStream()
    {
        foreach (var (id, secret) in new[] { (KeyId, Secret), ("AKIDSECOND", "second-secret") })
        {
            using var client = Client(id, secret);
            var result = await client.ConverseAsync(TestEmulator.Haiku, Request(3));
            Assert.Equal(3, result.Response.Usage.OutputTokens);

            await using var stream = await client.ConverseStreamAsync(TestEmulator.Haiku, Request(5));
            var events = 0;
            await foreach (var _ in stream.Events())
            {
                events++;
            }

            Assert.True(events > 2, $"{events} stream events");
        }
    }

    [Fact]
    public async Task A_wrong_secret_is_InvalidSignatureException()
    {
        using var client = Client(KeyId, "not-the-secret");
        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseAsync(TestEmulator.Haiku, Request(3)));
        Assert.Equal("InvalidSignatureException", e.ErrorCode);
        Assert.Equal(403, e.StatusCode);
        Assert.Equal(SignatureVerifier.Mismatch, e.ServiceMessage);
    }

    [Fact]
    public async Task An_unknown_access_key_is_UnrecognizedClientException()
    {
        using var client = Client("AKIDNOBODY", Secret);
        var e = await Assert.ThrowsAsync<BedrockServiceException>(() => client.ConverseStreamAsync(TestEmulator.Haiku, Request(3)));
        Assert.Equal("UnrecognizedClientException", e.ErrorCode);
        Assert.Equal(403, e.StatusCode);
        Assert.Equal("The security token included in the request is invalid.", e.ServiceMessage);
    }

    [Fact]
    public async Task A_tampered_body_under_a_valid_signature_is_InvalidSignatureException()
    {
        var body = BedrockHttp.ConverseBody("hello", outputTokens: 2);
        var now = DateTimeOffset.UtcNow;
        var authorization = Authorization(body, now, Secret);

        var good = await SendAsync(body, now, authorization);
        Assert.Equal(200, good.Status);

        var tampered = await SendAsync(body.Replace("hello", "HELLO", StringComparison.Ordinal), now, authorization);
        AssertRefused(tampered, "InvalidSignatureException", SignatureVerifier.Mismatch);
        Assert.Equal(200, (await SendAsync(body, now, authorization)).Status);
    }

    [Fact]
    public async Task A_signature_20_minutes_old_has_expired()
    {
        var body = BedrockHttp.ConverseBody("hello", outputTokens: 2);
        var then = DateTimeOffset.UtcNow.AddMinutes(-20);
        var r = await SendAsync(body, then, Authorization(body, then, Secret));
        AssertRefused(r, "InvalidSignatureException", null);
        var message = r.Json.GetProperty("message").GetString()!;
        Assert.StartsWith($"Signature expired: {Stamp(then)} is now earlier than ", message, StringComparison.Ordinal);
        Assert.EndsWith(" - 5 min.)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_dated_20_minutes_ahead_is_not_yet_current()
    {
        var body = BedrockHttp.ConverseBody("hello", outputTokens: 2);
        var later = DateTimeOffset.UtcNow.AddMinutes(20);
        var r = await SendAsync(body, later, Authorization(body, later, Secret));
        AssertRefused(r, "InvalidSignatureException", null);
        Assert.StartsWith($"Signature not yet current: {Stamp(later)} is still later than ", r.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_Authorization_is_MissingAuthenticationTokenException()
    {
        var r = await BedrockHttp.PostAsync(_emu.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(outputTokens: 2));
        AssertRefused(r, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date", "IncompleteSignatureException", "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter.")]
    [InlineData("Basic dXNlcjpwYXNz", "IncompleteSignatureException", null)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDLOADTESTSIGNED/{date}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00", "InvalidSignatureException", "Credential should be scoped to correct service: 'bedrock'.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDLOADTESTSIGNED/19990101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=00", "InvalidSignatureException", null)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDLOADTESTSIGNED/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=00", "IncompleteSignatureException", null)]
    public async Task A_malformed_Authorization_is_refused(string authorization, string type, string? message)
    {
        var now = DateTimeOffset.UtcNow;
        var r = await SendAsync(BedrockHttp.ConverseBody(outputTokens: 2), now, authorization.Replace("{date}", Stamp(now)[..8], StringComparison.Ordinal));
        AssertRefused(r, type, message);
    }

    [Fact]
    public async Task Verification_is_off_by_default()
    {
        await using var plain = await TestEmulator.StartAsync(TestEmulator.Instant);
        var r = await BedrockHttp.PostAsync(plain.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody(outputTokens: 2));
        Assert.Equal(200, r.Status);
        Assert.Empty(TestEmulator.Options(TestEmulator.Instant).SigningKeys);
    }

    [Fact]
    public void The_secret_stays_out_of_the_options_text()
    {
        var options = TestEmulator.Options(Yaml);
        Assert.Equal(new[] { KeyId, "AKIDSECOND" }, options.SigningKeys.Select(k => k.AccessKeyId));
        Assert.DoesNotContain(Secret, options.SigningKeys[0].ToString(), StringComparison.Ordinal);
    }

    private static void AssertRefused(BedrockHttp.Reply r, string type, string? message)
    {
        Assert.Equal(403, r.Status);
        Assert.Equal(type, r.Headers["x-amzn-ErrorType"]);
        if (message is not null)
        {
            Assert.Equal(message, r.Json.GetProperty("message").GetString());
        }
    }

    private BedrockRuntimeClient Client(string keyId, string secret) => new(new BedrockClientOptions
    {
        ServiceUrl = _emu.Http1Url,
        Region = "us-east-1",
        RetryMode = RetryMode.None,
        MaxAttempts = 1,
        Credentials = new BasicAWSCredentials(keyId, secret),
    });

    private static ConverseRequest Request(int outputTokens) => new()
    {
        Messages = [new Message { Role = "user", Content = [ContentBlock.FromText("Name three rivers.")] }],
        InferenceConfig = new InferenceConfiguration { MaxTokens = 100 },
        RequestMetadata = new Dictionary<string, string> { [OutputSteering.MetadataKey] = outputTokens.ToString(CultureInfo.InvariantCulture) },
    };

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString(SignatureVersion4.DateFormat, CultureInfo.InvariantCulture);

    private static string Target => $"/model/{Uri.EscapeDataString(TestEmulator.Haiku)}/converse";

    private string Host => $"127.0.0.1:{_emu.Http1Url.Port}";

    /// <summary>Signs host;x-amz-date and the body for the raw Converse request <see cref="SendAsync"/> makes.</summary>
    private string Authorization(string body, DateTimeOffset time, string secret)
    {
        var date = Stamp(time);
        var headers = new List<KeyValuePair<string, string>> { new("host", Host), new("x-amz-date", date) };
        var canonical = SignatureVersion4.CanonicalRequestHead("POST", Target, headers) + "\n"
            + SignatureVersion4.PayloadHash(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)));
        var scope = $"{date[..8]}/us-east-1/bedrock/aws4_request";
        var key = SignatureVersion4.SigningKey(secret, date[..8], "us-east-1", "bedrock");
        var signature = SignatureVersion4.Signature(key, SignatureVersion4.StringToSign(date, scope, canonical));
        return $"AWS4-HMAC-SHA256 Credential={KeyId}/{scope}, SignedHeaders=host;x-amz-date, Signature={signature}";
    }

    /// <summary>One Converse request over a fresh socket, headers exactly as given.</summary>
    private async Task<BedrockHttp.Reply> SendAsync(string body, DateTimeOffset time, string authorization)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, _emu.Http1Url.Port);
        var stream = socket.GetStream();
        var payload = Encoding.UTF8.GetBytes(body);
        var head = $"POST {Target} HTTP/1.1\r\nHost: {Host}\r\nX-Amz-Date: {Stamp(time)}\r\nAuthorization: {authorization}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(payload);
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms);
        var text = Encoding.UTF8.GetString(ms.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new BedrockHttp.Reply(status, headers, Encoding.UTF8.GetBytes(text[(split + 4)..]));
    }
}
