using System.Text.Json;
using System.Xml.Linq;
using LoadTest.Cli;

namespace LoadTest.Cli.Tests;

public sealed class RunCommandTests
{
    private static string RepoFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoadTest.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new FileNotFoundException(name);
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));

    // A zero-latency emulator; `quick` is 3 s well inside the quotas, `throttled` sends 600 rpm for a
    // minute at a model whose quota is 30 rpm, with a gate that must stop it early.
    private const string QuickConfig = """
        target: { kind: emulator, region: us-east-1, retry: { mode: none }, timeout: 10s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000 }
          - { id: global.anthropic.claude-sonnet-4-5-20250929-v1:0, tpm: 100000000, rpm: 30 }
        emulator:
          sourceRegion: us-east-1
          regions: [us-east-1, us-west-2]
          latencyScale: 0
        workloads:
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: converse
            inputTokens: { fixed: 200 }
            outputTokens: { fixed: 20 }
            maxTokens: 64
          - name: doc
            model: global.anthropic.claude-sonnet-4-5-20250929-v1:0
            api: converse
            inputTokens: { fixed: 300 }
            outputTokens: { fixed: 20 }
            maxTokens: 64
        scenarios:
          - name: quick
            mix: { chat: 1 }
            load:
              - constant: { rpm: 600, during: 3s }
            gates: ["error_rate < 1%"]
          - name: throttled
            mix: { doc: 1 }
            load:
              - constant: { rpm: 600, during: 60s }
            gates:
              - "p95(latency) < 10s"
              - { expr: "throttle_rate < 5%", abortOnFail: true, delayAbortEval: 2s }
        """;

    private static async Task<string> ConfigFile(string yaml = QuickConfig)
    {
        var path = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n") + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement Summary(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json"))).RootElement;

    [Fact]
    public async Task Run_smoke_on_the_built_in_emulator_prints_a_summary_and_writes_the_results()
    {
        var outDir = TempDir();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["run", "--config", RepoFile("scenarios.yaml"), "--scenario", "smoke", "--out", outDir], stdout, stderr);

        var text = stdout.ToString();
        Assert.True(code == ExitCodes.Passed, $"exit {code}\n{text}\n{stderr}");
        Assert.Contains("running 'smoke'", text, StringComparison.Ordinal);
        Assert.Contains("rpm offered / achieved", text, StringComparison.Ordinal);
        Assert.Contains("ttft p50 / p95 / p99", text, StringComparison.Ordinal);
        Assert.Contains("results: " + outDir, text, StringComparison.Ordinal);
        foreach (var file in new[] { "requests.csv", "timeseries.csv", "report.html", "report.md", "junit.xml" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        }

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("smoke", root.GetProperty("scenario").GetString());
        Assert.True(root.GetProperty("completed").GetBoolean());
        var requests = root.GetProperty("requests");
        var scheduled = requests.GetProperty("scheduled").GetInt64();
        Assert.True(scheduled > 50);
        Assert.Equal(scheduled, requests.GetProperty("succeeded").GetInt64());
        Assert.Equal(scheduled + 1, File.ReadAllLines(Path.Combine(outDir, "requests.csv")).Length);
        Assert.True(root.GetProperty("ttftMs").GetProperty("p95").GetDouble() > 0);
        Assert.Equal(4, root.GetProperty("byWorkload").EnumerateObject().Count());
        Assert.True(root.GetProperty("tokens").GetProperty("cacheRead").GetInt64() > 0);
        Assert.True(root.GetProperty("passed").GetBoolean());
        var quota = root.GetProperty("quotaTpm");
        Assert.True(quota.GetProperty("peak").GetDouble() >= quota.GetProperty("mean").GetDouble());
    }

    [Fact]
    public async Task Passing_gates_exit_0_print_PASS_and_go_into_summary_junit_and_the_reports()
    {
        var outDir = TempDir();

        var (code, output, err) = await Cli("run", "--config", await ConfigFile(), "--scenario", "quick", "--out", outDir, "--gate", "p99(latency) < 5s");

        Assert.True(code == ExitCodes.Passed, $"exit {code}\n{output}\n{err}");
        Assert.Contains("PASS  error_rate < 1%  (error_rate = 0%, < 1%)", output, StringComparison.Ordinal);
        Assert.Contains("PASS  p99(latency) < 5s", output, StringComparison.Ordinal);
        var summary = Summary(outDir);
        Assert.True(summary.GetProperty("passed").GetBoolean());
        Assert.Equal(["error_rate < 1%", "p99(latency) < 5s"], summary.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("expression").GetString()));
        var junit = XDocument.Load(Path.Combine(outDir, "junit.xml"));
        Assert.Equal(2, junit.Descendants("testcase").Count());
        Assert.Empty(junit.Descendants("failure"));
        Assert.Contains("error_rate < 1%", await File.ReadAllTextAsync(Path.Combine(outDir, "report.md")), StringComparison.Ordinal);
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(outDir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_gate_exits_99_with_FAIL_actual_and_threshold_and_a_junit_failure()
    {
        var outDir = TempDir();

        var (code, output, err) = await Cli("run", "--config", await ConfigFile(), "--scenario", "quick", "--out", outDir, "--gate", "p50(latency) < 0.01ms");

        Assert.True(code == ExitCodes.GateFailed, $"exit {code}\n{output}\n{err}");
        Assert.Contains("PASS  error_rate < 1%", output, StringComparison.Ordinal);
        Assert.Matches(@"FAIL  p50\(latency\) < 0\.01ms  \(p50\(latency\) = [0-9.]+ ms, is not < 0\.01 ms\)", output);
        Assert.Contains("1 of 2 gates failed", err, StringComparison.Ordinal);
        var summary = Summary(outDir);
        Assert.True(summary.GetProperty("completed").GetBoolean());
        Assert.False(summary.GetProperty("passed").GetBoolean());
        var failure = Assert.Single(XDocument.Load(Path.Combine(outDir, "junit.xml")).Descendants("failure"));
        Assert.Contains("p50(latency) < 0.01ms", failure.Attribute("message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_gate_on_the_command_line_exits_2_with_its_column_before_any_load()
    {
        var outDir = TempDir();

        var (code, _, err) = await Cli("run", "--config", await ConfigFile(), "--scenario", "quick", "--out", outDir, "--gate", "p95(ttft) < 2xs");

        Assert.Equal(ExitCodes.BadInput, code);
        var lines = err.Split(Environment.NewLine);
        var column = int.Parse(System.Text.RegularExpressions.Regex.Match(lines[0], @"column (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("error: --gate \"p95(ttft) < 2xs\": column ", lines[0], StringComparison.Ordinal);
        Assert.InRange(column, 13, 15);
        Assert.Equal("  p95(ttft) < 2xs", lines[1]);
        Assert.Equal(new string(' ', 2 + column - 1) + "^", lines[2]);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task A_malformed_gate_in_the_file_exits_2_with_file_line_and_column_before_any_load()
    {
        var outDir = TempDir();
        var file = await ConfigFile(QuickConfig.Replace("\"p95(latency) < 10s\"", "\"p95(latency) < 10 sec\"", StringComparison.Ordinal));

        var (code, _, err) = await Cli("run", "--config", file, "--scenario", "quick", "--out", outDir);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(file + ":33:", err, StringComparison.Ordinal);
        Assert.Contains("gate 'p95(latency) < 10 sec'", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task Baseline_gates_compare_with_the_baseline_run_and_need_one()
    {
        var baseline = TempDir();
        var config = await ConfigFile();
        Assert.Equal(ExitCodes.Passed, (await Cli("run", "--config", config, "--scenario", "quick", "--out", baseline)).Code);

        var missing = await Cli("run", "--config", config, "--scenario", "quick", "--out", TempDir(), "--gate", "error_rate <= baseline + 1%");
        var (code, output, err) = await Cli("run", "--config", config, "--scenario", "quick", "--out", TempDir(), "--baseline", baseline, "--gate", "error_rate <= baseline + 1%");

        Assert.Equal(ExitCodes.BadInput, missing.Code);
        Assert.Contains("--baseline", missing.Err, StringComparison.Ordinal);
        Assert.True(code == ExitCodes.Passed, $"exit {code}\n{output}\n{err}");
        Assert.Contains("PASS  error_rate <= baseline + 1%", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_abort_on_fail_gate_stops_a_hopeless_run_early_with_exit_99_and_writes_everything()
    {
        var outDir = TempDir();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var (code, output, err) = await Cli("run", "--config", await ConfigFile(), "--scenario", "throttled", "--out", outDir);

        watch.Stop();
        Assert.True(code == ExitCodes.GateFailed, $"exit {code}\n{output}\n{err}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"the 60 s run took {watch.Elapsed}");
        Assert.Contains("aborted by gate 'throttle_rate < 5%'", err, StringComparison.Ordinal);
        Assert.Contains("FAIL  throttle_rate < 5%", output, StringComparison.Ordinal);
        var summary = Summary(outDir);
        Assert.False(summary.GetProperty("completed").GetBoolean());
        Assert.False(summary.GetProperty("passed").GetBoolean());
        Assert.Equal("aborted by gate 'throttle_rate < 5%'", summary.GetProperty("stopReason").GetString());
        Assert.Equal("aborted-by-gate", summary.GetProperty("stopKind").GetString());
        Assert.Equal("throttle_rate < 5%", summary.GetProperty("stopGate").GetString());
        var scheduled = summary.GetProperty("requests").GetProperty("scheduled").GetInt64();
        Assert.InRange(scheduled, 15, 200);
        Assert.Equal(scheduled + 1, File.ReadAllLines(Path.Combine(outDir, "requests.csv")).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.NotEmpty(XDocument.Load(Path.Combine(outDir, "junit.xml")).Descendants("failure"));
    }

    [Fact]
    public async Task Gate_after_a_run_rewrites_summary_junit_and_both_reports_so_all_four_say_failed()
    {
        // Some modelled latency, so a TTFT under 1 ms cannot happen by chance on loopback.
        var outDir = TempDir();
        var config = await ConfigFile(QuickConfig.Replace("latencyScale: 0", "latencyScale: 0.05", StringComparison.Ordinal));
        var run = await Cli("run", "--config", config, "--scenario", "quick", "--out", outDir);
        Assert.True(run.Code == ExitCodes.Passed, $"exit {run.Code}\n{run.Out}\n{run.Err}");

        // As the engine finished them, every output says passed.
        var junit = Path.Combine(outDir, "junit.xml");
        var markdown = Path.Combine(outDir, "report.md");
        var html = Path.Combine(outDir, "report.html");
        Assert.True(Summary(outDir).GetProperty("passed").GetBoolean());
        Assert.Empty(XDocument.Load(junit).Descendants("failure"));
        Assert.Contains("✅ passed", File.ReadAllText(markdown), StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge good\">passed</span>", File.ReadAllText(html), StringComparison.Ordinal);

        var (code, output, err) = await Cli("gate", outDir, "--gate", "p95(ttft) < 1ms");

        Assert.True(code == ExitCodes.GateFailed, $"exit {code}\n{output}\n{err}");
        Assert.Contains("FAIL  p95(ttft) < 1ms", output, StringComparison.Ordinal);

        var summary = Summary(outDir);
        Assert.False(summary.GetProperty("passed").GetBoolean());
        Assert.True(summary.GetProperty("completed").GetBoolean());
        var gates = summary.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("expression").GetString()!, g => g.GetProperty("passed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["error_rate < 1%"] = true, ["p95(ttft) < 1ms"] = false }, gates);

        var failure = Assert.Single(XDocument.Load(junit).Descendants("failure"));
        Assert.Contains("gate p95(ttft) < 1ms failed", failure.Attribute("message")!.Value, StringComparison.Ordinal);

        var md = File.ReadAllText(markdown);
        Assert.Contains("❌ failed", md, StringComparison.Ordinal);
        Assert.DoesNotContain("✅ passed", md, StringComparison.Ordinal);
        Assert.Contains("| ❌ | `p95(ttft) < 1ms` |", md, StringComparison.Ordinal);

        var page = File.ReadAllText(html);
        Assert.Contains("<span class=\"badge bad\">failed</span>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<span class=\"badge good\">passed</span>", page, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"fail\"><td><span class=\"pill bad\">fail</span></td><td><code>p95(ttft) &lt; 1ms</code>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_flags_override_the_files_retry_settings_for_one_run()
    {
        var outDir = TempDir();

        // The file says retry mode none; this run uses standard with 2 attempts.
        var (code, output, err) = await Cli("run", "--config", await ConfigFile(), "--scenario", "quick", "--out", outDir, "--retry", "standard", "--max-attempts", "2");

        Assert.True(code == ExitCodes.Passed, $"exit {code}\n{output}\n{err}");
        Assert.Contains("(retry standard as dotnet, 2 attempts)", output, StringComparison.Ordinal);
        var settings = Summary(outDir).GetProperty("settings");
        Assert.Equal("standard", settings.GetProperty("retryMode").GetString());
        Assert.Equal(2, settings.GetProperty("maxAttempts").GetInt32());
        Assert.Equal("dotnet", settings.GetProperty("sdk").GetString());

        // --sdk picks whose retry behaviour the run imitates, and the run records it.
        var botoDir = TempDir();
        var (botoCode, botoOut, botoErr) = await Cli("run", "--config", await ConfigFile(), "--scenario", "quick", "--out", botoDir, "--retry", "adaptive", "--sdk", "botocore");
        Assert.True(botoCode == ExitCodes.Passed, $"exit {botoCode}\n{botoOut}\n{botoErr}");
        Assert.Contains("(retry adaptive as botocore 2026 rules, 3 attempts)", botoOut, StringComparison.Ordinal);
        Assert.Contains("retry profile", botoOut, StringComparison.Ordinal);
        var boto = Summary(botoDir);
        Assert.Equal("botocore", boto.GetProperty("settings").GetProperty("sdk").GetString());
        Assert.Equal("2026", boto.GetProperty("settings").GetProperty("retryRules").GetString());
        Assert.Equal(boto.GetProperty("requests").GetProperty("sent").GetInt64(), boto.GetProperty("requests").GetProperty("attempts").GetInt64());
        Assert.InRange(boto.GetProperty("limiterWaitMs").GetProperty("max").GetDouble(), 0, 1); // no throttle, so the limiter never turned on
        Assert.Contains("limiterWaitMs", File.ReadLines(Path.Combine(botoDir, "requests.csv")).First().Split(','));

        var (sdkCode, _, sdkErr) = await Cli("run", "--config", await ConfigFile(), "--scenario", "quick", "--out", TempDir(), "--sdk", "cobol");
        Assert.Equal(ExitCodes.BadInput, sdkCode);
        Assert.Contains("--sdk should be dotnet, botocore, js-v3 or java-v2, got 'cobol'", sdkErr, StringComparison.Ordinal);

        var (badCode, _, badErr) = await Cli("run", "--config", await ConfigFile(), "--scenario", "quick", "--out", TempDir(), "--retry", "sometimes");
        Assert.Equal(ExitCodes.BadInput, badCode);
        Assert.Contains("--retry should be none, standard or adaptive, got 'sometimes'", badErr, StringComparison.Ordinal);

        var (rangeCode, _, rangeErr) = await Cli("run", "--config", await ConfigFile(), "--scenario", "quick", "--out", TempDir(), "--max-attempts", "0");
        Assert.Equal(ExitCodes.BadInput, rangeCode);
        Assert.Contains("--max-attempts should be between 1 and 20, got 0", rangeErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_scenario_is_a_config_error_with_exit_code_2()
    {
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["run", "--config", RepoFile("scenarios.yaml"), "--scenario", "nope", "--out", TempDir()], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no scenario named 'nope'", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("smoke", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_config_file_names_its_position_and_exits_2()
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n") + ".yaml");
        await File.WriteAllTextAsync(file, "workloads: []\nscenarios:\n  - name: x\n    lode: []\n");
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["run", "--config", file], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(file + ":", stderr.ToString(), StringComparison.Ordinal);
    }
}
