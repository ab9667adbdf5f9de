using System.CommandLine;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Emulator;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest emulator`: runs the Bedrock Runtime emulator standalone until Ctrl-C, on loopback
/// unless --bind says otherwise, printing one `listening URL (protocol)` line per endpoint and,
/// when it stops, one line with its own stream-pacing lateness.
/// </summary>
public static class EmulatorCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Option<string?>("--config") { Description = "scenarios.yaml to read models: and emulator: from (default: the built-in catalog)" };
        var port = new Option<int>("--port") { Description = "HTTP/1.1 port (0 = any free port)", DefaultValueFactory = _ => 4010 };
        var http2Port = new Option<int>("--http2-port") { Description = "h2c (HTTP/2 prior knowledge) port (0 = any free port)", DefaultValueFactory = _ => 4011 };
        var bind = new Option<string>("--bind") { Description = "address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var logDir = new Option<string?>("--log-dir") { Description = "write model-invocations.jsonl, cloudtrail.jsonl and per-minute CloudWatch metrics here" };
        var latencyScale = new Option<double?>("--latency-scale") { Description = "multiply every modelled delay (0 = answer at once); overrides emulator.latencyScale" };
        var timingLog = new Option<string?>("--timing-log") { Description = "write one JSON line per request with when it arrived and when each stream delta was due and written (µs, CLOCK_MONOTONIC); overrides emulator.timingLog" };

        var command = new Command("emulator", "Run the built-in Bedrock Runtime emulator (HTTP/1.1 and h2c) until Ctrl-C.")
        {
            config, port, http2Port, bind, logDir, latencyScale, timingLog,
        };

        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(config);
            var options = path is null ? new EmulatorOptions() : EmulatorConfig.FromFile(path);
            options = options with
            {
                Port = parseResult.GetValue(port),
                Http2Port = parseResult.GetValue(http2Port),
                BindAddress = parseResult.GetValue(bind) ?? "127.0.0.1",
                LogDirectory = parseResult.GetValue(logDir) ?? options.LogDirectory,
                LatencyScale = parseResult.GetValue(latencyScale) ?? options.LatencyScale,
                TimingLog = parseResult.GetValue(timingLog) ?? options.TimingLog,
            };

            EmulatorServer server;
            try
            {
                server = await EmulatorServer.StartAsync(options, ct);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException("emulator: " + e.Message, e);
            }
            catch (IOException e)
            {
                await stderr.WriteLineAsync($"error: the emulator could not listen on {options.BindAddress}:{options.Port}/{options.Http2Port}: {e.Message}");
                return ExitCodes.RunFailed;
            }

            await using (server)
            {
                await stdout.WriteLineAsync($"listening {Trim(server.Http1Url)} (http1)");
                if (server.Http2Url is { } h2)
                {
                    await stdout.WriteLineAsync($"listening {Trim(h2)} (h2c)");
                }

                await stdout.FlushAsync(CancellationToken.None);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C: a normal stop.
                }
            }

            // After the dispose: every stream has ended and the timing log holds the same summary.
            await stdout.WriteLineAsync(server.Lateness.Describe());
            await stdout.FlushAsync(CancellationToken.None);
            return ExitCodes.Passed;
        });
        return command;
    }

    private static string Trim(Uri url) => url.ToString().TrimEnd('/');
}
