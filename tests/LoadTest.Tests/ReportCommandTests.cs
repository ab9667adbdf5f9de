namespace LoadTest.Cli.Tests;

public sealed class ReportCommandTests
{
    [Fact]
    public async Task Report_regenerates_every_report_from_the_data_files()
    {
        var dir = CliRunFixture.Write(gates: ["p95(ttft) < 2s"]);
        var stdout = new StringWriter();

        var code = await CliApp.RunAsync(["report", dir], stdout, new StringWriter());

        Assert.Equal(ExitCodes.Passed, code);
        foreach (var file in new[] { "report.html", "report.md", "junit.xml" })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), file + " missing");
            Assert.Contains(file, stdout.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("spike 5x", await File.ReadAllTextAsync(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_on_a_missing_directory_exits_2()
    {
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["report", Path.Combine(Path.GetTempPath(), "no-such-run-" + Guid.NewGuid())], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no such results directory", stderr.ToString(), StringComparison.Ordinal);
    }
}
