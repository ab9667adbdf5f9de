using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using LoadTest.Bedrock.Configuration;
using LoadTest.Emulator;
using LoadTest.Scenarios.Config;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Output;
using LoadTest.Scenarios.Progress;
using LoadTest.Scenarios.Results;
using Spectre.Console;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest run`: loads scenarios.yaml, starts the in-process emulator when the target is the
/// emulator without an endpoint, runs the scenario, writes summary.json / requests.csv /
/// timeseries.csv, prints a summary table and the results path. Exit 0 ok, 1 run failed, 2 bad config.
/// </summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Option<string>("--config") { Description = "scenarios file", DefaultValueFactory = _ => "scenarios.yaml" };
        var scenario = new Option<string?>("--scenario") { Description = "scenario to run (default: the file's default:, else its first)" };
        var target = new Option<string?>("--target") { Description = "emulator (built-in, in-process) or bedrock (real AWS)" };
        var endpoint = new Option<string?>("--endpoint") { Description = "URL of an emulator or proxy already running" };
        var region = new Option<string?>("--region") { Description = "source Region" };
        var outDir = new Option<string?>("--out") { Description = "results directory (default: results/<scenario>-<UTC timestamp>)" };
        var seed = new Option<int>("--seed") { Description = "random seed (workload mix, token sizes, Poisson arrivals)", DefaultValueFactory = _ => 1 };
        var scale = new Option<double>("--duration-scale") { Description = "multiply every phase's duration, keeping rates (0.1 = ten times shorter)", DefaultValueFactory = _ => 1.0 };
        var gates = new Option<string[]>("--gate") { Description = "extra gate expression, e.g. \"p95(ttft) < 2s\" (repeatable)", AllowMultipleArgumentsPerToken = false };

        var command = new Command("run", "Run a load scenario against the built-in emulator or Amazon Bedrock.")
        {
            config, scenario, target, endpoint, region, outDir, seed, scale, gates,
        };

        command.SetAction(async (parse, ct) =>
        {
            var overrides = new RunOverrides
            {
                Scenario = parse.GetValue(scenario),
                Target = parse.GetValue(target) is { } t ? ScenarioConfigLoader.ParseTargetKind(t) ?? throw new ConfigException($"--target should be emulator or bedrock, got '{t}'") : null,
                Endpoint = parse.GetValue(endpoint) is { } e ? ScenarioConfigLoader.ParseEndpoint(e) ?? throw new ConfigException($"--endpoint should be an absolute http:// or https:// URL, got '{e}'") : null,
                Region = parse.GetValue(region),
                Seed = parse.GetValue(seed),
                DurationScale = parse.GetValue(scale),
                Gates = parse.GetValue(gates) ?? [],
            };
            return await RunAsync(parse.GetValue(config) ?? "scenarios.yaml", overrides, parse.GetValue(outDir), stdout, stderr, ct);
        });
        return command;
    }

    /// <summary>The whole `run` command, callable without the parser.</summary>
    public static async Task<int> RunAsync(string configPath, RunOverrides overrides, string? outDir, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var config = ScenarioConfigLoader.LoadFile(configPath);
        // System.CommandLine gives a cancelled action about 2 s before it ends the process, so the
        // Ctrl-C drain stays inside that window.
        var run = LoadRunFactory.Create(config, overrides) with { CancelGrace = TimeSpan.FromSeconds(1.5) };
        var output = outDir is null
            ? ResultsDirectory.Default(Directory.GetCurrentDirectory(), run.Scenario.Name, DateTimeOffset.UtcNow)
            : new ResultsDirectory(Path.GetFullPath(outDir));

        // First Ctrl-C: stop scheduling and drain; a second one ends the process with what is on disk.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var presses = 0;
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (Interlocked.Increment(ref presses) == 1)
            {
                context.Cancel = true;
                stop.Cancel();
                stderr.WriteLine("stopping: draining in-flight requests (Ctrl-C again to quit now)");
            }
        });

        EmulatorServer? emulator = null;
        try
        {
            var targetSettings = run.Scenario.Target;
            if (targetSettings is { Kind: TargetKind.Emulator, Endpoint: null })
            {
                EmulatorOptions emulatorOptions;
                try
                {
                    emulatorOptions = EmulatorConfig.FromYaml(config.Root);
                    emulator = await EmulatorServer.StartAsync(emulatorOptions, stop.Token);
                }
                catch (ArgumentException e)
                {
                    throw new ConfigException($"{configPath}: emulator: {e.Message}", e);
                }

                targetSettings = targetSettings with { Endpoint = emulator.Http1Url };
                run = run with { Scenario = run.Scenario with { Target = targetSettings } };
            }

            await stdout.WriteLineAsync($"running '{run.Scenario.Name}' ({run.Scenario.Description}) against {Describe(targetSettings, emulator is not null)} for {ProgressText.Clock(run.Phases.Aggregate(TimeSpan.Zero, (s, p) => s + p.Duration))}");
            using var pool = new BedrockClientPool();
            var sender = new BedrockRequestSender(pool.For(targetSettings), targetSettings.Kind);
            IProgressSink progress = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected
                ? new LiveProgressSink(AnsiConsole.Console)
                : new PlainProgressSink(stdout);
            var summary = await new LoadEngine(sender, TimeProvider.System, progress).RunAsync(run, output, stop.Token);
            summary = EvaluateGates(summary, run);
            SummaryJson.Write(output.Summary, summary);

            PrintSummary(summary, stdout);
            await stdout.WriteLineAsync($"results: {output.Path}");
            if (!summary.Completed)
            {
                await stderr.WriteLineAsync($"run did not complete: {summary.StopReason}");
                return ExitCodes.RunFailed;
            }

            if (summary.Requests.Sent > 0 && summary.Requests.Succeeded == 0)
            {
                await stderr.WriteLineAsync($"no request succeeded; most common outcome: {summary.Outcomes.MaxBy(kv => kv.Value).Key}");
                return ExitCodes.RunFailed;
            }

            return ExitCodes.Passed;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Hook for the gates room: evaluate the scenario's gates (<c>run.Scenario.Gates</c>) against the
    /// summary and set Gates and Passed. Until it is wired, no gates are evaluated and Passed = Completed.
    /// </summary>
    public static RunSummary EvaluateGates(RunSummary summary, LoadRun run)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(run);
        return summary with { Gates = [], Passed = summary.Completed };
    }

    private static string Describe(TargetSettings t, bool inProcess)
    {
        var where = inProcess ? "the built-in emulator" : t.Kind == TargetKind.Bedrock ? $"Amazon Bedrock in {t.Region}" : "the emulator";
        var endpoint = t.Endpoint is { } e ? $" at {e}" : "";
        return $"{where}{endpoint} (retry {t.Retry.Mode.ToString().ToLowerInvariant()}, {t.Retry.MaxAttempts} attempts)";
    }

    private static void PrintSummary(RunSummary s, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        static string N(double v, string format = "0.#") => v.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded).Title($"{s.Scenario}: {(s.Completed ? "completed" : "incomplete")}")
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("duration", $"{N(s.DurationSeconds)} s");
        table.AddRow("requests scheduled / sent", $"{s.Requests.Scheduled} / {s.Requests.Sent}");
        table.AddRow("ok / failed / throttled / dropped", $"{s.Requests.Succeeded} / {s.Requests.Failed} / {s.Requests.Throttled} / {s.Requests.Dropped}");
        table.AddRow("retries (throttled attempts)", $"{s.Requests.Retries} ({s.Requests.ThrottledAttempts})");
        table.AddRow("rpm offered / achieved", $"{N(s.Rates.OfferedRpm)} / {N(s.Rates.AchievedRpm)}");
        table.AddRow("throttle rate / error rate", $"{N(s.Rates.ThrottleRate * 100, "0.##")}% / {N(s.Rates.ErrorRate * 100, "0.##")}%");
        table.AddRow("latency p50 / p95 / p99", $"{N(s.LatencyMs.P50, "0")} / {N(s.LatencyMs.P95, "0")} / {N(s.LatencyMs.P99, "0")} ms");
        table.AddRow("ttft p50 / p95 / p99", $"{N(s.TtftMs.P50, "0")} / {N(s.TtftMs.P95, "0")} / {N(s.TtftMs.P99, "0")} ms");
        table.AddRow("tokens in / out / cache read / cache write", $"{s.Tokens.Input} / {s.Tokens.Output} / {s.Tokens.CacheRead} / {s.Tokens.CacheWrite}");
        var limit = s.QuotaTpm.Limit is { } l ? $" of {ProgressText.Compact(l)} ({N((s.QuotaTpm.Utilization ?? 0) * 100, "0")}% at peak)" : "";
        table.AddRow("quota tpm mean / peak", $"{ProgressText.Compact(s.QuotaTpm.Mean)} / {ProgressText.Compact(s.QuotaTpm.Peak)}{limit}");
        if (s.InferenceRegions.Count > 0)
        {
            table.AddRow("inference regions", string.Join(", ", s.InferenceRegions.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}")));
        }

        console.Write(table);
    }
}
