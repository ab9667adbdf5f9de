using System.Diagnostics;
using System.Text;
using LoadTest.Core;

namespace LoadTest.Config.Tests;

/// <summary>
/// Every file in BadInput/ is refused by the loader with its file, line, column and the expected
/// words (or, for a gate expression, loads and is left to `loadtest run`: see the CLI's test of the
/// same corpus), quickly. Plus the limits that need more bytes than a corpus file should hold.
/// </summary>
public sealed class BadInputCorpusTests
{
    public static TheoryData<string> Cases() => new(BadInputCase.Names());

    [Fact]
    public void The_corpus_has_at_least_forty_cases()
    {
        Assert.True(BadInputCase.Names().Count >= 40, $"{BadInputCase.Names().Count} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_bad_file_is_refused_with_its_position_and_what_was_expected(string name)
    {
        var c = BadInputCase.Read(name);
        var watch = Stopwatch.StartNew();
        if (c.AtRun)
        {
            Assert.NotNull(ScenarioConfigLoader.LoadFile(c.Path));
            return;
        }

        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.LoadFile(c.Path));
        watch.Stop();

        Assert.Equal(c.Path, e.File);
        Assert.Equal((c.Line, c.Column), (e.Line, e.Column));
        Assert.Contains(c.Fragment, e.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"{c.Path}:{c.Line}:{c.Column}: ", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{name} took {watch.Elapsed}");
    }

    [Fact]
    public void A_hundred_thousand_nested_brackets_are_refused_at_the_depth_limit_not_by_a_stack_overflow()
    {
        var yaml = "scenarios: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.Parse(yaml, "deep.yaml"));

        // The root mapping and 63 lists are 64 levels; the 64th bracket, at column 11 + 64, is one too many.
        Assert.Equal((1L, 11L + YamlLimits.MaxDepth), (e.Line, e.Column));
        Assert.Contains($"nested more than {YamlLimits.MaxDepth} deep", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_read()
    {
        // 64 levels: the root mapping and 63 lists; the error is then about the value, not the depth.
        var yaml = "scenarios: " + new string('[', YamlLimits.MaxDepth - 1) + new string(']', YamlLimits.MaxDepth - 1) + "\n";

        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.Parse(yaml, "deep.yaml"));

        Assert.DoesNotContain("nested", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_over_ten_mebibytes_is_refused_before_it_is_parsed()
    {
        var path = Path.Combine(Path.GetTempPath(), "loadtest-config-tests", Guid.NewGuid().ToString("n") + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "# " + new string('x', YamlLimits.MaxDocumentBytes) + "\n");

        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.LoadFile(path));
        var inMemory = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.Parse(File.ReadAllText(path), path));

        Assert.Contains("the limit is 10,485,760 bytes (10 MiB)", e.Message, StringComparison.Ordinal);
        Assert.Contains("10,485,760 bytes (10 MiB)", inMemory.Message, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public void Aliases_that_expand_within_the_limit_are_read()
    {
        const string yaml = """
            workloads:
              - &chat
                name: chat
                model: global.anthropic.claude-haiku-4-5-20251001-v1:0
                inputTokens: { fixed: 200 }
                outputTokens: { fixed: 20 }
            scenarios:
              - name: quick
                load:
                  - constant: &rate { rpm: 60, during: 1s }
                  - constant: *rate
            """;

        var c = ScenarioConfigLoader.Parse(yaml, "alias.yaml");

        Assert.Equal(2, c.Scenarios[0].Phases.Count);
    }

    [Fact]
    public void A_directory_is_refused_as_a_directory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "loadtest-config-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);

        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.LoadFile(dir));

        Assert.Equal($"{dir}: is a directory; --config takes a scenarios.yaml file", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), "loadtest-config-tests", Guid.NewGuid().ToString("n") + ".yaml");

        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.LoadFile(path));

        Assert.Equal($"{path}: no such file", e.Message);
    }

    [Fact]
    public async Task A_fifo_is_refused_without_waiting_for_a_writer()
    {
        var path = Path.Combine(Path.GetTempPath(), "loadtest-config-tests", Guid.NewGuid().ToString("n") + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        try
        {
            var e = await Assert.ThrowsAsync<ConfigException>(() => Task.Run(() => ScenarioConfigLoader.LoadFile(path)).WaitAsync(TimeSpan.FromSeconds(5)));

            Assert.Equal($"{path}: is not a regular file (a FIFO (named pipe)); --config takes a scenarios.yaml file", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("target:\n  region: \"us-east-1\"\n  kind: caf").Concat(new byte[] { 0xE9, 0x0A }).ToArray();

        var e = Assert.Throws<ConfigException>(() => ConfigFile.Decode(bytes, "latin1.yaml"));

        Assert.Equal((3L, 12L), (e.Line, e.Column));
        Assert.Contains("not UTF-8 text (0xE9 here)", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_is_not_an_error()
    {
        var bytes = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes("emulator: { latencyScale: 0 }\n")).ToArray();

        Assert.Equal("emulator: { latencyScale: 0 }\n", ConfigFile.Decode(bytes, "bom.yaml"));
    }
}
