using System.Net;
using System.Net.Sockets;
using System.Text;
using LoadTest.Cli;
using LoadTest.Emulator;

namespace LoadTest.Cli.Tests;

/// <summary>
/// `loadtest run` against Bedrock's wire protocol (an emulator on loopback as the endpoint) with
/// session credentials in the environment, the way the SDK's default chain reads them: the
/// requests are signed with them (a recording proxy in front of the emulator sees the key id in
/// the Authorization header and the session token), and neither they nor the prompt text appear in
/// any file the run or the emulator wrote, nor in anything printed. Prompts are synthetic only (a
/// workload has sizes, no text: WorkloadSpec), so the prompt text scanned for is the synthetic
/// prompt the harness sent, which the proxy also sees. Runs alone: it sets process-wide variables.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class SecretsScanTests
{
    private const string AccessKeyId = "ASIAZZSECRETSCAN7Q4X";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETSCANkey9";
    private const string SessionToken = "IQoJb3JpZ2luX2VjEEcaCXVzLWVhc3QtMSJHMEUCIQDsecretscan+SessionToken/Zm9vYmFyYmF6cXV4==";

    // The synthetic prompt against a bedrock target opens with this instruction, followed by filler words.
    private const string PromptInstruction = "words of plain prose about the words that follow";
    private const string PromptFiller = "lantern meadow copper willow";

    private static readonly string[] Variables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"];

    [Fact]
    public async Task A_run_with_session_credentials_writes_and_prints_no_key_secret_token_or_prompt_text()
    {
        var root = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", "secrets-" + Guid.NewGuid().ToString("n"));
        var outDir = Path.Combine(root, "results");
        var logDir = Path.Combine(root, "emulator-logs");
        var emulatorTiming = Path.Combine(root, "emulator-timing.jsonl");
        var clientTiming = Path.Combine(root, "client-timing.jsonl");
        var configPath = Path.Combine(root, "scenarios.yaml");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(configPath, """
            target: { kind: bedrock, region: us-east-1, retry: { mode: standard, maxAttempts: 2 }, timeout: 10s }
            models:
              - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000 }
            emulator:
              latencyScale: 0
            workloads:
              - name: chat
                model: global.anthropic.claude-haiku-4-5-20251001-v1:0
                api: converse-stream
                inputTokens: { fixed: 200 }
                outputTokens: { fixed: 20 }
                maxTokens: 64
              - name: doc
                model: global.anthropic.claude-haiku-4-5-20251001-v1:0
                api: invoke
                inputTokens: { fixed: 300 }
                outputTokens: { fixed: 20 }
                maxTokens: 64
            scenarios:
              - name: secrets
                mix: { chat: 1, doc: 1 }
                load:
                  - constant: { rpm: 600, during: 2s }
                gates: ["error_rate < 50%"]
            """);

        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKeyId);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", SessionToken);
            Environment.SetEnvironmentVariable("AWS_PROFILE", null);

            var options = EmulatorConfig.FromFile(configPath) with { Http2Port = null, LogDirectory = logDir, TimingLog = emulatorTiming };
            string seen;
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code;
            await using (var emulator = await EmulatorServer.StartAsync(options))
            {
                using var proxy = RecordingProxy.Start(emulator.Http1Url);
                code = await CliApp.RunAsync(
                    ["run", "--config", configPath, "--target", "bedrock", "--endpoint", proxy.Url.ToString(), "--out", outDir, "--timing-log", clientTiming],
                    stdout,
                    stderr);
                seen = proxy.Seen;
            }

            Assert.True(code == ExitCodes.Passed, $"exit {code}\n{stdout}\n{stderr}");

            // Not vacuous: the requests were signed with these credentials and carried the prompt.
            Assert.Contains($"Credential={AccessKeyId}/", seen, StringComparison.Ordinal);
            Assert.Contains("X-Amz-Security-Token: " + SessionToken, seen, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(PromptInstruction, seen, StringComparison.Ordinal);
            Assert.Contains(PromptFiller, seen, StringComparison.Ordinal);

            var files = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(logDir, "*", SearchOption.AllDirectories))
                .Append(emulatorTiming)
                .Append(clientTiming)
                .ToList();
            foreach (var expected in new[] { "summary.json", "requests.csv", "timeseries.csv", "report.html", "report.md", "junit.xml", "cloudtrail.jsonl", "cloudwatch-metrics.jsonl" })
            {
                Assert.Contains(files, f => Path.GetFileName(f) == expected);
            }

            var scanned = new List<(string Where, string Text)>
            {
                ("stdout", stdout.ToString()),
                ("stderr", stderr.ToString()),
            };
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.True(bytes.Length > 0, $"{file} is empty");
                scanned.Add((file, Encoding.UTF8.GetString(bytes)));
            }

            Assert.Contains(scanned, s => s.Where == clientTiming && s.Text.Contains("\"requestId\"", StringComparison.Ordinal));
            Assert.True(scanned.Sum(s => s.Text.Length) > 10_000, "the scan read the files' contents");
            string[] secrets = [AccessKeyId, SecretKey, SessionToken, SessionToken[..24], SecretKey[..20], PromptInstruction, PromptFiller];
            foreach (var (where, text) in scanned)
            {
                foreach (var secret in secrets)
                {
                    Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{where} contains '{secret}'");
                }
            }
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    /// <summary>A loopback TCP forwarder that keeps what clients sent (request lines, headers, bodies).</summary>
    private sealed class RecordingProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Uri _target;
        private readonly StringBuilder _seen = new();
        private readonly CancellationTokenSource _stop = new();

        private RecordingProxy(Uri target)
        {
            _target = target;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
            _ = AcceptLoopAsync();
        }

        public Uri Url { get; }

        public string Seen
        {
            get
            {
                lock (_seen)
                {
                    return _seen.ToString();
                }
            }
        }

        public static RecordingProxy Start(Uri target) => new(target);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = ForwardAsync(client);
            }
        }

        private async Task ForwardAsync(TcpClient client)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                try
                {
                    await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                    var down = client.GetStream();
                    var up = upstream.GetStream();
                    await Task.WhenAny(PumpAsync(down, up, record: true), PumpAsync(up, down, record: false));
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                {
                    // A connection closed by either side, or the proxy stopping.
                }
            }
        }

        private async Task PumpAsync(Stream from, Stream to, bool record)
        {
            var buffer = new byte[16384];
            try
            {
                int n;
                while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    if (record)
                    {
                        lock (_seen)
                        {
                            _seen.Append(Encoding.UTF8.GetString(buffer, 0, n));
                        }
                    }

                    await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Either side went away.
            }
        }
    }
}
