using LoadTest.Core;

namespace LoadTest.Config.Tests;

public sealed class ReplayPhaseConfigTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("loadtest-replay-config-");

    public ReplayPhaseConfigTests()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "arrivals.csv"), "offsetMs,workload,inputTokens,outputTokens,cacheReadTokens,cacheWriteTokens,maxTokens\n0,chat,10,5,0,0,\n");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Yaml(string phase) => $$"""
        workloads:
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            inputTokens: { fixed: 100 }
            outputTokens: { fixed: 10 }
        scenarios:
          - name: r
            load:
              - {{phase}}
        """;

    private ScenarioConfig Parse(string phase) => ScenarioConfigLoader.Parse(Yaml(phase), Path.Combine(_dir.FullName, "scenarios.yaml"));

    private ConfigException Fails(string phase) => Assert.Throws<ConfigException>(() => Parse(phase));

    [Fact]
    public void Reads_file_relative_to_the_yaml_folder_multiplier_and_speed()
    {
        var phase = Assert.IsType<ReplayPhase>(Parse("replay: { file: arrivals.csv, multiplier: 4, speed: 2 }").Scenarios[0].Phases[0]);
        Assert.Equal(Path.Combine(_dir.FullName, "arrivals.csv"), phase.File);
        Assert.Equal((4.0, 2.0), (phase.Multiplier, phase.Speed));
        Assert.True(phase.IsOpen);
        Assert.Equal("replay", phase.Kind);
    }

    [Fact]
    public void Multiplier_and_speed_default_to_1()
    {
        var phase = Assert.IsType<ReplayPhase>(Parse("replay: { file: arrivals.csv }").Scenarios[0].Phases[0]);
        Assert.Equal((1.0, 1.0), (phase.Multiplier, phase.Speed));
    }

    [Theory]
    [InlineData("replay: { file: missing.csv }", "not found")]
    [InlineData("replay: { file: arrivals.csv, multiplier: 0.001 }", "between 0.01")]
    [InlineData("replay: { file: arrivals.csv, multiplier: lots }", "should be a number")]
    [InlineData("replay: { file: arrivals.csv, speed: 0 }", "between 0.001")]
    [InlineData("replay: { file: arrivals.csv, rpm: 5 }", "rpm")]
    [InlineData("replay: { multiplier: 2 }", "file")]
    [InlineData("replay: arrivals.csv", "replay takes a mapping")]
    public void Bad_replay_phases_are_positioned_errors(string phase, string expected)
    {
        var e = Fails(phase);
        Assert.Equal(Path.Combine(_dir.FullName, "scenarios.yaml"), e.File);
        Assert.Equal(9, e.Line);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_phase_kind_suggests_replay()
    {
        Assert.Contains("replay", Fails("replya: { file: arrivals.csv }").Message, StringComparison.Ordinal);
    }
}
