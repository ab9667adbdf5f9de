using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LoadTest.Cli;

namespace LoadTest.Cli.Tests;

public sealed class EmulatorCommandTests
{
    [Fact]
    public async Task Standalone_emulator_prints_its_urls_serves_converse_and_stops_on_ctrl_c()
    {
        var timingLog = Path.Combine(Path.GetTempPath(), "loadtest-timing-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var start = LoadtestProcess.StartInfo("emulator", "--port", "0", "--http2-port", "0", "--latency-scale", "0", "--timing-log", timingLog);

        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var http1 = await process.StandardOutput.ReadLineAsync(timeout.Token);
            var h2c = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.Matches(@"^listening http://127\.0\.0\.1:\d+ \(http1\)$", http1);
            Assert.Matches(@"^listening http://127\.0\.0\.1:\d+ \(h2c\)$", h2c);

            var baseUrl = http1!.Split(' ')[1];
            using var client = new HttpClient();
            var body = """{"messages":[{"role":"user","content":[{"text":"hello emulator"}]}],"inferenceConfig":{"maxTokens":50}}""";
            using var response = await client.PostAsync(
                $"{baseUrl}/model/global.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse",
                new StringContent(body, Encoding.UTF8, "application/json"),
                timeout.Token);
            Assert.Equal(200, (int)response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            Assert.True(json.RootElement.GetProperty("usage").GetProperty("outputTokens").GetInt32() is > 0 and <= 50);

            // Ctrl-C: a real SIGINT, and the emulator exits cleanly.
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);

            // On the way out: its own pacing error, and the timing log with this request in it.
            var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            Assert.Contains("emulator lateness (written - due):", rest, StringComparison.Ordinal);
            var lines = await File.ReadAllLinesAsync(timingLog, timeout.Token);
            var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
            Assert.Contains(lines, l => l.Contains($"\"requestId\":\"{requestId}\"", StringComparison.Ordinal) && l.Contains("\"operation\":\"Converse\"", StringComparison.Ordinal));
            Assert.StartsWith("{\"summary\":", lines[^1], StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(timingLog);
        }
    }

    [Fact]
    public async Task A_missing_config_file_is_bad_input()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["emulator", "--config", "/nonexistent/scenarios.yaml", "--port", "0", "--http2-port", "0"], stdout, stderr);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("/nonexistent/scenarios.yaml", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timing_log_that_cannot_be_written_is_bad_input_naming_it()
    {
        var notADirectory = Path.GetTempFileName();
        try
        {
            var path = Path.Combine(notADirectory, "timing.jsonl");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await CliApp.RunAsync(["emulator", "--port", "0", "--http2-port", "0", "--timing-log", path], stdout, stderr);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains($"timingLog '{path}' cannot be written", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notADirectory);
        }
    }
}
