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

    private static string Record(string time, long input, long output, string version = "1.0")
        => "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"" + version + "\",\"timestamp\":\"" + time
           + "\",\"region\":\"us-east-1\",\"requestId\":\"r\",\"operation\":\"Converse\",\"modelId\":\"meta.llama3-1-70b-instruct-v1:0\","
           + "\"input\":{\"inputBodyJson\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + Marker + "\"}]}]},\"inputTokenCount\":" + input
           + "},\"output\":{\"outputTokenCount\":" + output + "}}";

    [Fact]
    public async Task Import_writes_the_summary_and_prints_the_peak_minute()
    {
        var logs = Path.Combine(_dir, "logs.json");
        await File.WriteAllLinesAsync(logs, [Record("2026-11-03T10:00:01Z", 100, 50), Record("2026-11-03T10:00:59Z", 300, 50), Record("2026-11-03T10:05:00Z", 10, 10)]);
        var outDir = Path.Combine(_dir, "out");

        var (exit, stdout, stderr) = await Run("import", "--invocation-logs", logs, "--out", outDir);

        Assert.True(exit == ExitCodes.Passed, stderr);
        Assert.Contains("peak minute 2026-11-03 10:00 UTC: 2 requests, 500 quota tokens", stdout, StringComparison.Ordinal);
        Assert.Contains("not written yet", stdout, StringComparison.Ordinal);
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

    [Theory]
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
            _ => ["import", "--invocation-logs", logs, "--out", _dir],
        };

        var (exit, _, stderr) = await Run(args);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(kind switch { "version" => "schemaVersion", "window" => "--from", _ => "neither a file nor a folder" }, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, stderr, StringComparison.Ordinal);
    }
}
