namespace LoadTest.Cli.Tests;

/// <summary>
/// A YAML scenario's requests time no named steps, so a step gate on one could only fail: it is
/// refused before any load, at the gate's place in the file (or as the --gate that named it).
/// </summary>
public sealed class StepGateInYamlTests
{
    private const string Yaml = """
        target: { kind: emulator, region: us-east-1, retry: { mode: none }, timeout: 5s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000 }
        workloads:
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            inputTokens: { fixed: 20 }
            outputTokens: { fixed: 5 }
            maxTokens: 16
        scenarios:
          - name: quick
            load:
              - constant: { rpm: 600, during: 1s }
          - name: with-step-gate
            load:
              - constant: { rpm: 600, during: 1s }
            gates:
              - "error_rate < 1%"
              - "p95(step:retrieve) < 200ms"
        """;

    private static Task<string> ConfigFile() => CliRun.ConfigFile(Yaml);

    [Theory]
    [InlineData("with-step-gate")]
    [InlineData("quick")]
    public async Task A_step_gate_in_a_yaml_scenario_stops_every_run_of_the_file_at_its_line_and_column(string scenario)
    {
        var config = await ConfigFile();
        var outDir = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));
        var lines = Yaml.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("p95(step:", StringComparison.Ordinal)) + 1;
        var column = lines[line - 1].IndexOf("p95(step:", StringComparison.Ordinal) + 1;

        var (exit, _, err) = await CliRun.Run("run", "--config", config, "--scenario", scenario, "--out", outDir);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"{config}:{line}:{column}: gate 'p95(step:retrieve) < 200ms' is on step 'retrieve', but scenario 'with-step-gate' is a YAML scenario", err, StringComparison.Ordinal);
        Assert.Contains("step gates need a C# scenario", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir), "no result folder: nothing ran");
    }

    [Fact]
    public async Task A_step_gate_given_with_dash_dash_gate_to_a_yaml_scenario_is_refused_before_any_load()
    {
        var config = await ConfigFile();
        await File.WriteAllTextAsync(config, Yaml[..Yaml.IndexOf("  - name: with-step-gate", StringComparison.Ordinal)]);
        var outDir = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));

        var (exit, _, err) = await CliRun.Run("run", "--config", config, "--out", outDir, "--gate", "p95(step:retrieve) < 200ms");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--gate 'p95(step:retrieve) < 200ms' is on step 'retrieve', but scenario 'quick' is a YAML scenario", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir), "no result folder: nothing ran");
    }
}
