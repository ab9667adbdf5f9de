using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using LoadTest.Reports;
using LoadTest.Results;

namespace LoadTest.Cli.Tests;

/// <summary>
/// The real `loadtest run` process killed mid-run (kill -9) or stopped (SIGTERM, SIGINT): what it
/// leaves is readable, and report, gate, plan and compare work from the rows on disk, say the run
/// is partial, and never pass it.
/// </summary>
public sealed class CrashSafetyTests
{
    // 10 requests a second for 20 s at a zero-latency emulator, with two gates the partial figures pass.
    private const string Config = """
        target: { kind: emulator, region: us-east-1, retry: { mode: none }, timeout: 10s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000 }
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
        scenarios:
          - name: crash
            mix: { chat: 1 }
            load:
              - constant: { rpm: 600, during: 20s }
            gates: ["error_rate < 1%", "p95(latency) < 10s"]
        """;

    [Fact]
    public async Task A_run_killed_with_kill_9_leaves_readable_files_and_every_reader_says_partial_and_never_passes_it()
    {
        var (dir, config) = Prepare();
        using var process = StartRun(config, dir);
        DateTimeOffset killedAt;
        try
        {
            await WaitForRowsAsync(dir, rows: 30);
            killedAt = DateTimeOffset.UtcNow;
            process.Kill(); // SIGKILL: nothing of the process runs after it.
            await process.WaitForExitAsync();
        }
        finally
        {
            EndIfRunning(process);
        }

        var folder = new ResultsDirectory(dir);

        // What is on disk: a snapshot summary, whole per-second rows, and the per-request rows up to
        // the last flush (a torn last row is left out and reported, never an error).
        var snapshot = folder.ReadSummary();
        Assert.Equal(RunStopKind.Running, snapshot.StopKind);
        Assert.False(snapshot.Completed);
        Assert.Equal(["error_rate < 1%", "p95(latency) < 10s"], snapshot.Gates.Select(g => g.Expression));
        Assert.NotNull(folder.ReadTimeseries());
        var rows = folder.ReadRequests(_ => { }).ToList();
        Assert.True(rows.Count >= 30, $"{rows.Count} rows on disk");
        Assert.True(rows.Count >= snapshot.Requests.Scheduled, "the rows run on past the snapshot");

        // At most about a second lost: the rows reach to within that of the kill (rows are flushed
        // every half second, requests take no time at this emulator).
        var killedAtSeconds = (killedAt - snapshot.StartedAt).TotalSeconds;
        var lastRowSeconds = rows.Max(r => r.EndedMs ?? r.ScheduledMs) / 1000;
        Assert.True(lastRowSeconds >= killedAtSeconds - 1.5, $"last row at {lastRowSeconds:0.00} s, killed at {killedAtSeconds:0.00} s");
        Assert.True(snapshot.DurationSeconds >= killedAtSeconds - 1.5, $"snapshot at {snapshot.DurationSeconds:0.00} s, killed at {killedAtSeconds:0.00} s");

        // report: from the rows, not the stale snapshot; partial said; the gates shown.
        var report = await Cli("report", dir);
        Assert.Equal(ExitCodes.Passed, report.Code);
        Assert.Contains("partial run, not passed: killed while running", report.Out, StringComparison.Ordinal);
        var rebuilt = RunReader.LoadSummary(dir);
        Assert.Equal(rows.Count, rebuilt.Requests.Scheduled);
        Assert.True(rebuilt.IsPartial);
        var markdown = await File.ReadAllTextAsync(Path.Combine(dir, MarkdownReport.FileName));
        Assert.Contains("partial run", markdown, StringComparison.Ordinal);
        Assert.Contains($"rebuilt from the {rows.Count} rows", markdown, StringComparison.Ordinal);
        Assert.Contains($"| {Fmt.Int(rebuilt.Requests.Sent)} of {Fmt.Int(rows.Count)} |", markdown, StringComparison.Ordinal);
        Assert.Contains("`error_rate < 1%`", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("No gates configured", markdown, StringComparison.Ordinal);

        // gate: the partial figures pass both gates, and still the run is not passed.
        var gate = await Cli("gate", dir);
        Assert.Equal(ExitCodes.RunFailed, gate.Code);
        Assert.Contains("not passed: the run is partial", gate.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("gates passed", gate.Out, StringComparison.Ordinal);
        var junit = XDocument.Load(Path.Combine(dir, JunitReport.FileName));
        Assert.Contains(junit.Descendants("failure"), f => f.Attribute("message")!.Value.StartsWith("partial run", StringComparison.Ordinal));
        var judged = folder.ReadSummary();
        Assert.False(judged.Passed);
        Assert.Equal(rows.Count, judged.Requests.Scheduled);

        // plan: says the rates are partial and which window they cover, and sizes on that window.
        var planDir = Path.Combine(dir, "plan");
        var plan = await Cli("plan", "--from", dir, "--out", planDir, "--requests-per-point", "2000");
        Assert.Equal(ExitCodes.Passed, plan.Code);
        Assert.Contains("PARTIAL RUN: the rates are from a partial run: it was killed while running", plan.Out, StringComparison.Ordinal);
        var window = Math.Max(snapshot.LoadSeconds, rows.Max(r => r.ScheduledMs) / 1000);
        Assert.Contains($"the first {window.ToString("0.#", CultureInfo.InvariantCulture)} s of load", plan.Out, StringComparison.Ordinal);
        Assert.Contains("**Partial run:**", await File.ReadAllTextAsync(Path.Combine(planDir, "quota-request.md")), StringComparison.Ordinal);
        using (var planJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(planDir, "plan.json"))))
        {
            Assert.Contains("partial run", planJson.RootElement.GetProperty("partialRun").GetString(), StringComparison.Ordinal);
        }

        // compare: the partial side is marked, and nothing is judged better or worse.
        var whole = CliRunFixture.Write();
        var compare = await Cli("compare", whole, dir);
        Assert.Equal(ExitCodes.Passed, compare.Code);
        Assert.Contains($"B ({Path.GetFileName(dir)}) is a partial run", compare.Out, StringComparison.Ordinal);
        Assert.Contains("(partial)", compare.Out, StringComparison.Ordinal);
        var table = compare.Out.Split('\n').Where(l => !l.StartsWith("PARTIAL", StringComparison.Ordinal)).ToList();
        Assert.Contains(table, l => l.StartsWith("p95(latency)", StringComparison.Ordinal));
        Assert.DoesNotContain(table, l => l.EndsWith("better", StringComparison.Ordinal) || l.EndsWith("worse", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-TERM")]
    [InlineData("-INT")]
    public async Task A_run_stopped_by_a_signal_writes_everything_as_cancelled_and_incomplete(string signal)
    {
        var (dir, config) = Prepare();
        using var process = StartRun(config, dir);
        try
        {
            await WaitForRowsAsync(dir, rows: 20);
            using (var kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            EndIfRunning(process);
        }

        Assert.Equal(ExitCodes.RunFailed, process.ExitCode);
        var folder = new ResultsDirectory(dir);
        var summary = folder.ReadSummary();
        Assert.False(summary.Completed);
        Assert.Equal(RunStopKind.Cancelled, summary.StopKind);
        Assert.True(summary.IsPartial);
        Assert.Equal(folder.ReadRequests().Count(), summary.Requests.Scheduled);
        Assert.True(File.Exists(Path.Combine(dir, MarkdownReport.FileName)));
        Assert.Contains(XDocument.Load(Path.Combine(dir, JunitReport.FileName)).Descendants("failure"), f => f.Attribute("message")!.Value.StartsWith("partial run", StringComparison.Ordinal));

        var gate = await Cli("gate", dir);
        Assert.Equal(ExitCodes.RunFailed, gate.Code);

        var plan = await Cli("plan", "--from", dir, "--out", Path.Combine(dir, "plan"), "--requests-per-point", "2000");
        Assert.Equal(ExitCodes.Passed, plan.Code);
        Assert.Contains("it stopped early (cancelled)", plan.Out, StringComparison.Ordinal);
        Assert.Contains($"the first {summary.LoadSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s of load", plan.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_summary_is_reported_with_file_and_line_not_a_stack_trace()
    {
        var dir = CliRunFixture.Write();
        var summary = Path.Combine(dir, ResultsDirectory.SummaryFile);
        var text = await File.ReadAllTextAsync(summary);
        await File.WriteAllTextAsync(summary, text[..(text.Length / 2)]);

        foreach (var args in new[] { new[] { "report", dir }, ["gate", dir], ["compare", dir, dir] })
        {
            var (code, _, err) = await Cli(args);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(summary)}:\d+:\d+", err);
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_corrupt_row_in_the_middle_of_a_killed_runs_requests_is_reported_with_its_line()
    {
        var dir = Directory.CreateTempSubdirectory("loadtest-crash-").FullName;
        var folder = new ResultsDirectory(dir);
        folder.WriteSummary(new RunSummary { Scenario = "crash", StopKind = RunStopKind.Running, StopReason = "running", DurationSeconds = 2 });
        await File.WriteAllTextAsync(folder.Requests, RequestsCsv.HeaderVersion2 + "\n"
            + "0,100,101,300,350,900,0,chat,m,converse,ok,,200,1,0,100,20,0,0,200,256,,r0\n"
            + "1,600,602,,,1500,0,chat\n"
            + "2,700,702,800,850,1500,0,chat,m,converse,ok,,200,1,0,100,20,0,0,200,256,,r2\n");

        foreach (var args in new[] { new[] { "report", dir }, ["gate", dir], ["plan", "--from", dir, "--out", Path.Combine(dir, "plan")] })
        {
            var (code, _, err) = await Cli(args);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains($"{folder.Requests}:3:1", err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        }
    }

    private static (string Dir, string Config) Prepare()
    {
        var root = Directory.CreateTempSubdirectory("loadtest-crash-").FullName;
        var config = Path.Combine(root, "scenarios.yaml");
        File.WriteAllText(config, Config);
        return (Path.Combine(root, "out"), config);
    }

    private static Process StartRun(string config, string dir)
    {
        var start = LoadtestProcess.StartInfo("run", "--config", config, "--scenario", "crash", "--out", dir);
        var process = Process.Start(start)!;

        // Drain its output so a full pipe never stalls it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the run's per-request file holds <paramref name="rows"/> rows (the run is well under way).</summary>
    private static async Task WaitForRowsAsync(string dir, int rows)
    {
        var requests = Path.Combine(dir, ResultsDirectory.RequestsFile);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (File.Exists(requests) && File.Exists(Path.Combine(dir, ResultsDirectory.SummaryFile)))
            {
                using var stream = new FileStream(requests, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                var lines = (await reader.ReadToEndAsync()).Count(c => c == '\n');
                if (lines > rows)
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the run wrote fewer than {rows} rows to {requests} in 60 s");
    }

    private static void EndIfRunning(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
