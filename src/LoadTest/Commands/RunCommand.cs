using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using LoadTest.Core;
using LoadTest.Core.Models;
using LoadTest.Core.Retry;
using LoadTest.Config;
using LoadTest.Emulator;
using LoadTest.Reports;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Gates;
using LoadTest.Scenarios.Output;
using LoadTest.Scenarios.Progress;
using LoadTest.Results;
using Spectre.Console;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest run`: loads scenarios.yaml, starts the in-process emulator when the target is the
/// emulator without an endpoint and runs the scenario; the engine judges it against its gates and
/// writes the summary file / the per-request file / the per-second file and report.html / report.md / junit.xml.
/// This command prints a summary table, the gate results and the results path, and maps the
/// result to an exit code. Exit 0 passed, 99 a gate failed (or an abortOnFail gate
/// stopped the run), 1 the run failed (incomplete, nothing succeeded), 2 bad input.
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
        var retry = new Option<string?>("--retry") { Description = "retry mode for this run: none, standard or adaptive (the AWS SDK's own)" };
        var sdk = new Option<string?>("--sdk") { Description = "whose SDK retry behaviour to imitate: dotnet (AWSSDK.Core's own), botocore (Python boto3), js-v3 or java-v2 (docs/retry.md)" };
        var maxAttempts = new Option<int?>("--max-attempts") { Description = "attempts per request including the first (1-20)" };
        var outDir = new Option<string?>("--out") { Description = "results directory (default: results/<scenario>-<UTC timestamp>)" };
        var seed = new Option<int>("--seed") { Description = "random seed (workload mix, token sizes, Poisson arrivals)", DefaultValueFactory = _ => 1 };
        var scale = new Option<double>("--duration-scale") { Description = "multiply every phase's duration, keeping rates (0.1 = ten times shorter)", DefaultValueFactory = _ => 1.0 };
        var gates = new Option<string[]>("--gate") { Description = "extra gate expression, e.g. \"p95(ttft) < 2s\" (repeatable)", AllowMultipleArgumentsPerToken = false };
        var baseline = new Option<string?>("--baseline") { Description = "results directory of a baseline run, for gates such as 'p95(ttft) < baseline * 1.10'" };
        var profileScope = new Option<string?>("--profile-scope") { Description = "run every workload's model on this inference-profile scope: global (global.MODEL), geo (the source Region's geography, e.g. apac.MODEL) or base (the bare model ID, source Region only)" };
        var timingLog = new Option<string?>("--timing-log") { Description = "write each stream's delta arrival times (monotonic µs) to this JSONL file, to compare with `loadtest emulator --timing-log`" };

        var command = new Command("run", "Run a load scenario against the built-in emulator or Amazon Bedrock.")
        {
            config, scenario, target, endpoint, region, retry, sdk, maxAttempts, outDir, seed, scale, gates, baseline, timingLog, profileScope,
        };

        command.SetAction(async (parse, ct) =>
        {
            if (!TryParseGates(parse.GetValue(gates) ?? [], stderr, out var extraGates))
            {
                return ExitCodes.BadInput;
            }

            var overrides = new RunOverrides
            {
                Scenario = parse.GetValue(scenario),
                Target = parse.GetValue(target) is { } t ? ScenarioConfigLoader.ParseTargetKind(t) ?? throw new ConfigException($"--target should be emulator or bedrock, got '{t}'") : null,
                Endpoint = parse.GetValue(endpoint) is { } e ? ScenarioConfigLoader.ParseEndpoint(e) ?? throw new ConfigException($"--endpoint should be an absolute http:// or https:// URL, got '{e}'") : null,
                Region = parse.GetValue(region),
                RetryMode = parse.GetValue(retry) is { } r ? RetryModeText.Parse(r, "--retry") : null,
                Sdk = parse.GetValue(sdk) is { } k ? SdkFamilyText.Parse(k, "--sdk") : null,
                MaxAttempts = parse.GetValue(maxAttempts),
                ProfileScope = parse.GetValue(profileScope) is { } scope ? ScopedModelId.Parse(scope, "--profile-scope") : null,
                Seed = parse.GetValue(seed),
                DurationScale = parse.GetValue(scale),
                Gates = extraGates,
                Baseline = parse.GetValue(baseline) is { } b ? RunReader.LoadSummary(b) : null,
            };
            return await RunAsync(parse.GetValue(config) ?? "scenarios.yaml", overrides, parse.GetValue(outDir), stdout, stderr, ct, parse.GetValue(timingLog));
        });
        return command;
    }

    /// <summary>The whole `run` command, callable without the parser.</summary>
    public static async Task<int> RunAsync(string configPath, RunOverrides overrides, string? outDir, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, string? timingLogPath = null)
    {
        var config = ScenarioConfigLoader.LoadFile(configPath);
        var run = LoadRunFactory.Create(config, overrides);

        // After Ctrl-C or a failed abortOnFail gate, in-flight requests get this long to finish: long
        // enough for most answers, short enough that stopping feels like stopping.
        var timeout = run.Scenario.Target.Timeout;
        run = run with { CancelGrace = timeout < CancelGrace ? timeout : CancelGrace };
        var output = outDir is null
            ? ResultsDirectory.Default(Directory.GetCurrentDirectory(), run.Scenario.Name, DateTimeOffset.UtcNow)
            : OutDirectory(outDir);

        // First Ctrl-C (or SIGTERM): stop scheduling and drain; a second one ends the process with
        // what is on disk (the per-request file is flushed every half second, the summary and per-second files every second).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var presses = 0;
        void OnSignal(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref presses) == 1)
            {
                context.Cancel = true;
                stop.Cancel();
                stderr.WriteLine($"stopping: draining in-flight requests for up to {ProgressText.Clock(run.CancelGrace)} (Ctrl-C again to quit now)");
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        EmulatorServer? emulator = null;
        try
        {
            var targetSettings = run.Scenario.Target;
            if (targetSettings is { Kind: TargetKind.Emulator, Endpoint: null })
            {
                // The run's models, not the file's: a --profile-scope run adds the entries for its rewritten IDs.
                emulator = await EmulatorConfig.StartAsync(config with { Models = run.Models }, configPath, http2: true, stop.Token);
                targetSettings = targetSettings with { Endpoint = emulator.Http1Url };
                run = run with { Scenario = run.Scenario with { Target = targetSettings } };
            }

            var description = run.Scenario.Description.Length > 0 ? $" ({run.Scenario.Description})" : "";
            await stdout.WriteLineAsync($"running '{run.Scenario.Name}'{description} against {Describe(targetSettings, emulator is not null)} for {ProgressText.Clock(run.Phases.Aggregate(TimeSpan.Zero, (s, p) => s + p.Duration))}");
            using var pool = new BedrockClientPool();
            using var timingLog = timingLogPath is null ? null : OpenTimingLog(timingLogPath);
            var sender = new BedrockRequestSender(pool.For(targetSettings), targetSettings.Kind, timingLog, run.Models);
            IProgressSink progress = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected
                ? new LiveProgressSink(AnsiConsole.Console)
                : new PlainProgressSink(stdout);
            var summary = await new LoadEngine(sender, TimeProvider.System, progress, RunReportWriter.Instance).RunAsync(run, output, stop.Token);

            PrintSummary(summary, stdout);
            PrintGates(summary, stdout);
            await stdout.WriteLineAsync($"results: {output.Path}");
            return await ExitCodeAsync(summary, stderr);
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Parses gate expressions; a malformed one is reported with its column and a caret, after a
    /// header line (by default the --gate form: <c>--gate "EXPR": column N: what</c>).
    /// </summary>
    internal static bool TryParseGates(IEnumerable<string> expressions, TextWriter stderr, out List<Gate> gates, Func<GateParseException, string>? header = null)
    {
        gates = [];
        foreach (var expression in expressions)
        {
            try
            {
                gates.Add(GateParser.Parse(expression));
            }
            catch (GateParseException e)
            {
                // The caret lines up under the expression: both lines start with the same indent.
                stderr.WriteLine("error: " + (header?.Invoke(e) ?? $"--gate \"{e.Expression}\": column {e.Column}: {e.Detail}"));
                stderr.WriteLine("  " + e.ShowColumn().Replace(Environment.NewLine, Environment.NewLine + "  ", StringComparison.Ordinal));
                return false;
            }
        }

        return true;
    }

    /// <summary>--out as a results directory, refused before anything is sent when it cannot be one.</summary>
    private static ResultsDirectory OutDirectory(string outDir)
    {
        string full;
        try
        {
            full = Path.GetFullPath(outDir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ConfigException($"--out '{outDir}': not a usable path: {e.Message}", e);
        }

        if (File.Exists(full))
        {
            throw new ConfigException($"--out '{outDir}': is a file; --out takes a directory for the results");
        }

        try
        {
            return new ResultsDirectory(full).Create();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"--out '{outDir}': cannot create the results directory: {e.Message}", e);
        }
    }

    private static StreamTimingLog OpenTimingLog(string path)
    {
        try
        {
            return new StreamTimingLog(Path.GetFullPath(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigException($"--timing-log: cannot write '{path}': {e.Message}", e);
        }
    }

    private static async Task<int> ExitCodeAsync(RunSummary summary, TextWriter stderr)
    {
        switch (summary.StopKind)
        {
            case RunStopKind.AbortedByGate:
                await stderr.WriteLineAsync($"run stopped early: {summary.StopReason} (abortOnFail)");
                return ExitCodes.GateFailed;
            case not RunStopKind.Completed:
                await stderr.WriteLineAsync($"run did not complete: {summary.StopReason}");
                return ExitCodes.RunFailed;
        }

        if (summary.Requests.Scheduled > 0 && summary.Requests.Succeeded == 0)
        {
            await stderr.WriteLineAsync($"no request succeeded; most common outcome: {summary.Outcomes.MaxBy(kv => kv.Value).Key}");
            return ExitCodes.RunFailed;
        }

        var failed = summary.Gates.Count(g => !g.Passed);
        if (failed > 0)
        {
            await stderr.WriteLineAsync($"{failed} of {summary.Gates.Count} gates failed");
            return ExitCodes.GateFailed;
        }

        return ExitCodes.Passed;
    }

    private static void PrintGates(RunSummary s, TextWriter stdout)
    {
        if (s.Gates.Count == 0)
        {
            return;
        }

        stdout.WriteLine("gates:");
        foreach (var g in s.Gates)
        {
            stdout.WriteLine($"  {(g.Passed ? "PASS" : "FAIL")}  {g.Expression}  ({g.Message})");
        }
    }

    private static string Describe(TargetSettings t, bool inProcess)
    {
        var where = inProcess ? "the built-in emulator" : t.Kind == TargetKind.Bedrock ? $"Amazon Bedrock in {t.Region}" : "the emulator";
        var endpoint = t.Endpoint is { } e ? $" at {e}" : "";
        var rules = t.Retry.Sdk == SdkFamily.Dotnet ? "" : $" {RetryBehaviourText.ToText(t.Retry.Rules)} rules";
        return $"{where}{endpoint} (retry {t.Retry.Mode.ToString().ToLowerInvariant()} as {SdkFamilyText.ToText(t.Retry.Sdk)}{rules}, {t.Retry.MaxAttempts} attempts)";
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
        if (s.Requests.ClientRefused > 0)
        {
            table.AddRow("throttled: by the server / refused on the client", $"{s.Requests.Throttled - s.Requests.ClientRefused} / {s.Requests.ClientRefused}");
        }

        table.AddRow("retry profile", Markup.Escape(RetryText.Profile(s.Settings)));
        table.AddRow("retries (throttled attempts)", $"{s.Requests.Retries} ({s.Requests.ThrottledAttempts})");
        if (RetryText.AttemptsPerRequest(s.Requests) is { } perRequest)
        {
            table.AddRow("attempts per request", N(perRequest, "0.00"));
        }
        table.AddRow("rpm offered / achieved", $"{N(s.Rates.OfferedRpm)} / {N(s.Rates.AchievedRpm)}");
        table.AddRow("throttle rate / error rate", $"{N(s.Rates.ThrottleRate * 100, "0.##")}% / {N(s.Rates.ErrorRate * 100, "0.##")}%");
        table.AddRow("latency p50 / p95 / p99", $"{N(s.LatencyMs.P50, "0")} / {N(s.LatencyMs.P95, "0")} / {N(s.LatencyMs.P99, "0")} ms");
        table.AddRow("ttft p50 / p95 / p99", $"{N(s.TtftMs.P50, "0")} / {N(s.TtftMs.P95, "0")} / {N(s.TtftMs.P99, "0")} ms");
        if (s.LimiterWaitMs is { } limiter)
        {
            table.AddRow(RetryText.LimiterWaitName + " p50 / p95 / max", $"{N(limiter.P50, "0")} / {N(limiter.P95, "0")} / {N(limiter.Max, "0")} ms");
        }
        table.AddRow("tokens in / out / cache read / cache write", $"{s.Tokens.Input} / {s.Tokens.Output} / {s.Tokens.CacheRead} / {s.Tokens.CacheWrite}");
        var limit = s.QuotaTpm.Limit is { } l ? $" of {ProgressText.Compact(l)} ({N((s.QuotaTpm.Utilization ?? 0) * 100, "0")}% at peak)" : "";
        table.AddRow("quota tpm mean / peak", $"{ProgressText.Compact(s.QuotaTpm.Mean)} / {ProgressText.Compact(s.QuotaTpm.Peak)}{limit}");
        if (s.ErrorCodes.Count > 0)
        {
            table.AddRow("error codes", Markup.Escape(string.Join(", ", s.ErrorCodes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))));
        }

        if (s.InferenceRegions.Count > 0)
        {
            table.AddRow("inference regions", string.Join(", ", s.InferenceRegions.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}")));
        }

        if (s.Routing is { } routing)
        {
            var spill = routing.SpillOverShare is { } share ? N(share * 100, "0.#") + "%" : "–";
            table.AddRow($"spill-over out of {routing.SourceRegion} / 503 unavailable", $"{spill} / {routing.Unavailable}");
        }

        if (s.Cost is { } cost)
        {
            var scope = s.Settings.ProfileScope is { } p ? $" ({p} profiles)" : "";
            table.AddRow("cost (USD)", $"{cost.Usd.ToString("0.0000", CultureInfo.InvariantCulture)}{scope}");
        }

        if (s.Harness is { } harness)
        {
            table.AddRow("harness lag p50 / p99 / max", $"{N(harness.LagMs.P50, "0.#")} / {N(harness.LagMs.P99, "0.#")} / {N(harness.LagMs.Max, "0.#")} ms");
            table.AddRow("harness cpu mean / busiest second", $"{N(harness.Cpu.Mean * 100, "0")}% / {N(harness.Cpu.Max * 100, "0")}% of {harness.Cores} cores");
            table.AddRow("harness", harness.Saturated ? $"SATURATED in {harness.Periods.Count} period(s)" : "not saturated");
        }

        console.Write(table);
        if (s.Harness is { Saturated: true } saturated)
        {
            // Under the table, where the figures it qualifies were just read.
            stdout.WriteLine("HARNESS SATURATED: " + HarnessText.Warning(saturated));
            foreach (var p in saturated.Periods)
            {
                stdout.WriteLine("  " + HarnessText.Period(p));
            }
        }
    }
}
