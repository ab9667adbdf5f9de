using System.Diagnostics;
using LoadTest.Config.Tests;

namespace LoadTest.Cli.Tests;

/// <summary>
/// The bad-input corpus (tests/Config.Tests/BadInput) through the real command line, and bad
/// command-line values: each is exit 2 with a message saying what was expected (for a file, its
/// path, line and column), never a stack trace, in well under 5 s, and nothing is written.
/// </summary>
public sealed class BadInputCommandLineTests
{
    public static TheoryData<string> Cases() => new(BadInputCase.Names());

    private static string TempPath(string suffix = "") => Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n") + suffix);

    private static async Task<(int Code, string Err, TimeSpan Took)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();
        var code = await CliApp.RunAsync(args, stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10));
        return (code, stderr.ToString(), watch.Elapsed);
    }

    private static void AssertRefused((int Code, string Err, TimeSpan Took) result, string expected)
    {
        Assert.Equal(ExitCodes.BadInput, result.Code);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.StartsWith("error: ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.True(result.Took < TimeSpan.FromSeconds(5), $"took {result.Took}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_corpus_file_exits_2_with_its_position_and_what_was_expected(string name)
    {
        var c = BadInputCase.Read(name);
        var outDir = TempPath();

        var result = await Cli("run", "--config", c.Path, "--out", outDir);

        AssertRefused(result, $"{c.Path}:{c.Line}:{c.Column}: ");
        Assert.Contains(c.Fragment, result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task A_hundred_thousand_nested_brackets_exit_2_naming_the_limit()
    {
        var path = TempPath(".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "scenarios: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        AssertRefused(await Cli("run", "--config", path), $"{path}:1:75: lists and mappings are nested more than 64 deep");
    }

    [Fact]
    public async Task A_directory_as_config_says_so()
    {
        var dir = TempPath();
        Directory.CreateDirectory(dir);

        AssertRefused(await Cli("run", "--config", dir), $"{dir}: is a directory");
    }

    [Fact]
    public async Task A_fifo_as_config_exits_2_at_once()
    {
        var path = TempPath(".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
        }

        try
        {
            AssertRefused(await Cli("run", "--config", path), $"{path}: is not a regular file (a FIFO (named pipe))");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--duration-scale", "abc", "--duration-scale")]
    [InlineData("--duration-scale", "0", "--duration-scale should be a number above 0 and at most 100")]
    [InlineData("--duration-scale", "-1", "--duration-scale should be a number above 0 and at most 100")]
    [InlineData("--duration-scale", "1e300", "--duration-scale should be a number above 0 and at most 100")]
    [InlineData("--duration-scale", "NaN", "--duration-scale should be a number above 0 and at most 100")]
    [InlineData("--seed", "abc", "--seed")]
    [InlineData("--seed", "99999999999", "--seed")]
    [InlineData("--max-attempts", "0", "--max-attempts should be between 1 and 20, got 0")]
    [InlineData("--max-attempts", "many", "--max-attempts")]
    [InlineData("--target", "sagemaker", "--target should be emulator or bedrock, got 'sagemaker'")]
    [InlineData("--endpoint", "not a url", "--endpoint should be an absolute http:// or https:// URL")]
    [InlineData("--retry", "agressive", "--retry")]
    [InlineData("--scenario", "quik", "no scenario named 'quik'")]
    [InlineData("--gate", "p95(ttft) <", "--gate \"p95(ttft) <\": column")]
    public async Task Bad_run_values_exit_2_with_what_was_expected(string option, string value, string expected)
    {
        var outDir = TempPath();

        var result = await Cli("run", "--config", Shipped(), option, value, "--out", outDir);

        AssertRefused(result, expected);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task Out_naming_a_file_exits_2_before_anything_runs()
    {
        var file = TempPath(".txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "not a directory");

        AssertRefused(await Cli("run", "--config", Shipped(), "--out", file), $"--out '{file}': is a file; --out takes a directory for the results");
        Assert.Equal("not a directory", await File.ReadAllTextAsync(file));
    }

    [Theory]
    [InlineData("emulator", "--port", "abc")]
    [InlineData("emulator", "--latency-scale", "fast")]
    [InlineData("plan", "--rpm", "many")]
    [InlineData("plan", "--input-tokens", "1.5")]
    [InlineData("gate", "--gate", "p95(ttft) < 2s")]
    public async Task Values_the_parser_cannot_read_exit_2(string command, string option, string value)
    {
        // `gate` without its directory argument is a parse error too.
        AssertRefused(await Cli(command, option, value), "Run 'loadtest --help' for usage.");
    }

    [Theory]
    [InlineData("emulator: port must be 0..65535", "--port", "70000", "--http2-port", "0")]
    [InlineData("emulator: latencyScale must be 0 or more", "--latency-scale", "-1", "--port", "0", "--http2-port", "0")]
    public async Task Bad_emulator_values_exit_2_before_it_listens(string expected, params string[] args)
    {
        AssertRefused(await Cli(["emulator", .. args]), expected);
    }

    private static string Shipped()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoadTest.sln")))
            {
                return Path.Combine(dir.FullName, "scenarios.yaml");
            }
        }

        throw new FileNotFoundException("scenarios.yaml");
    }
}
