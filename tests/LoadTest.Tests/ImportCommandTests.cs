using LoadTest.Cli;
using LoadTest.Cli.Commands;
using LoadTest.Import;

namespace LoadTest.Cli.Tests;

public sealed class ImportCommandTests : IDisposable
{
    private const string Marker = "CLI-PROMPT-MARKER-91c2";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "import-cli-" + Guid.NewGuid().ToString("N"));

    public ImportCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Record(string time, long input, long output, string version = "1.0", string model = "meta.llama3-1-70b-instruct-v1:0", string operation = "Converse", string tenant = "t1", int maxTokens = 256)
        => "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"" + version + "\",\"timestamp\":\"" + time
           + "\",\"region\":\"us-east-1\",\"requestId\":\"r\",\"operation\":\"" + operation + "\",\"modelId\":\"" + model + "\",\"requestMetadata\":{\"tenant\":\"" + tenant + "\"},"
           + "\"input\":{\"inputBodyJson\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + Marker + "\"}]}],\"inferenceConfig\":{\"maxTokens\":" + maxTokens + "}},\"inputTokenCount\":" + input
           + "},\"output\":{\"outputBodyJson\":{\"output\":{\"message\":{\"content\":[{\"text\":\"" + Marker + "\"}]}}},\"outputTokenCount\":" + output + "}}";

    [Fact]
    public async Task Import_writes_the_summary_and_prints_the_peak_minute()
    {
        var logs = Path.Combine(_dir, "logs.json");
        await File.WriteAllLinesAsync(logs, [Record("2026-11-03T10:00:01Z", 100, 50), Record("2026-11-03T10:00:59Z", 300, 50), Record("2026-11-03T10:05:00Z", 10, 10)]);
        var outDir = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = await Run("import", "--invocation-logs", logs, "--out", outDir);

        Assert.True(exit == ExitCodes.Passed, stderr);
        Assert.Contains("peak minute 2026-11-03 10:00 UTC: 2 requests, 500 quota tokens", stdout, StringComparison.Ordinal);
        Assert.Contains("workload llama3-1-70b-instruct-converse: meta.llama3-1-70b-instruct-v1:0 converse, 3 requests; input mean 136.7 p95 300; output mean 36.7 p95 50; maxTokens 256", stdout, StringComparison.Ordinal);
        Assert.Contains("wrote " + Path.Combine(outDir, "scenarios.yaml") + " (1 workloads; scenarios replay, replay-4x)", stdout, StringComparison.Ordinal);
        Assert.Contains("wrote " + Path.Combine(outDir, "arrivals.csv") + " (3 requests from 2026-11-03T10:00:01Z)", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "import.json")));
        Assert.DoesNotContain(Marker, await File.ReadAllTextAsync(Path.Combine(outDir, "import.md")), StringComparison.Ordinal);

        // Redirected stderr (a test, CI) gets no progress bar.
        Assert.DoesNotContain("records/s", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_progress_line_shows_bytes_files_rate_and_time_left()
    {
        // 384 MiB of 1,536 MiB in 6 s: a quarter, 18 s left; 250,000 records / 6 s.
        var s = new ReadProgressSnapshot(12, 48, 384L << 20, 1_536L << 20, 250_000, TimeSpan.FromSeconds(6));

        Assert.Equal("[######------------------]  25 % | files 12/48 | 384 MiB / 1.5 GiB | 41.7k records/s | ETA 00:18", ImportProgressBar.Line(s));
    }

    /// <summary>
    /// Imports a small log grouped by tenant, then runs the written scenarios.yaml's replay scenario
    /// on the emulator through the CLI: it loads and sends every recorded request once. The bodies'
    /// marker (also in a malformed line) appears in no file and in neither stdout nor stderr.
    /// </summary>
    [Fact]
    public async Task The_written_scenarios_yaml_runs_its_replay_and_no_body_text_leaks()
    {
        const string haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
        var logs = Path.Combine(_dir, "logs.json");
        await File.WriteAllLinesAsync(logs,
        [
            Record("2026-11-03T10:00:01.500Z", 300, 40, model: haiku, operation: "ConverseStream", tenant: "Team B"),
            Record("2026-11-03T10:00:00Z", 100, 20, model: haiku, operation: "ConverseStream", tenant: "Team B"),
            "{\"schemaType\":\"ModelInvocationLog\",\"input\":{\"inputBodyJson\":\"" + Marker,
            Record("2026-11-03T10:00:01Z", 200, 30, model: haiku, operation: "InvokeModel", tenant: "a"),
            Record("2026-11-03T10:00:00.250Z", 50, 10, model: haiku, operation: "ConverseStream", tenant: "a"),
        ]);
        var outDir = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = await Run("import", "--invocation-logs", logs, "--group-by", "requestMetadata.tenant", "--out", outDir);

        Assert.True(exit == ExitCodes.Passed, stderr);
        Assert.Contains("workload claude-haiku-4-5-converse-stream-team-b: " + haiku + " converse-stream, 2 requests; input mean 200 p95 300; output mean 30 p95 40; maxTokens 256", stdout, StringComparison.Ordinal);
        Assert.Contains("workload claude-haiku-4-5-invoke-a:", stdout, StringComparison.Ordinal);
        Assert.Contains("workload claude-haiku-4-5-converse-stream-a:", stdout, StringComparison.Ordinal);
        Assert.Contains("skipped 1 lines", stdout, StringComparison.Ordinal);

        var runDir = Path.Combine(_dir, "run");
        var (runExit, runOut, runErr) = await Run("run", "--config", Path.Combine(outDir, "scenarios.yaml"), "--scenario", "replay", "--out", runDir);

        Assert.True(runExit == ExitCodes.Passed, runOut + runErr);
        using var summary = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "summary.json")));
        var requests = summary.RootElement.GetProperty("requests");
        Assert.Equal(4, requests.GetProperty("scheduled").GetInt64());
        Assert.Equal(4, requests.GetProperty("succeeded").GetInt64());
        foreach (var text in new[] { stdout, stderr, runOut, runErr })
        {
            Assert.DoesNotContain(Marker, text, StringComparison.Ordinal);
        }

        foreach (var file in Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Where(f => f != logs))
        {
            Assert.DoesNotContain(Marker, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Quotas_come_from_the_config_given()
    {
        var logs = Path.Combine(_dir, "logs.json");
        await File.WriteAllLinesAsync(logs, [Record("2026-11-03T10:00:01Z", 100, 50, model: "global.anthropic.claude-haiku-4-5-20251001-v1:0")]);
        var config = Path.Combine(_dir, "quotas.yaml");
        await File.WriteAllTextAsync(config, "models:\n  - id: global.anthropic.claude-haiku-4-5-20251001-v1:0\n    tpm: 42000\n    rpm: 42\n");
        var outDir = Path.Combine(_dir, "out");

        var (exit, _, stderr) = await Run("import", "--invocation-logs", logs, "--config", config, "--out", outDir);

        Assert.True(exit == ExitCodes.Passed, stderr);
        var yaml = await File.ReadAllTextAsync(Path.Combine(outDir, "scenarios.yaml"));
        Assert.Contains("tpm: 42000  # from --config", yaml, StringComparison.Ordinal);
        Assert.Contains("rpm: 42  # from --config", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("group")]
    [InlineData("version")]
    [InlineData("window")]
    [InlineData("missing")]
    public async Task Bad_input_is_exit_2_with_what_was_expected(string kind)
    {
        var logs = Path.Combine(_dir, "logs.json");
        await File.WriteAllLinesAsync(logs, [Record("2026-11-03T10:00:01Z", 100, 50, version: kind == "version" ? "9.9" : "1.0")]);
        string[] args = kind switch
        {
            "window" => ["import", "--invocation-logs", logs, "--from", "2026-11-04T00:00:00Z", "--to", "2026-11-03T00:00:00Z", "--out", _dir],
            "missing" => ["import", "--invocation-logs", Path.Combine(_dir, "nope"), "--out", _dir],
            "group" => ["import", "--invocation-logs", logs, "--group-by", "tenant", "--out", _dir],
            _ => ["import", "--invocation-logs", logs, "--out", _dir],
        };

        var (exit, _, stderr) = await Run(args);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(kind switch { "version" => "schemaVersion", "window" => "--from", "group" => "requestMetadata.KEY", _ => "neither a file nor a folder" }, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, stderr, StringComparison.Ordinal);
    }
}
