using System.Text.Json;
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
        Assert.True(File.Exists(Path.Combine(outDir, "requests.csv")));
        Assert.True(File.Exists(Path.Combine(outDir, "timeseries.csv")));

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
