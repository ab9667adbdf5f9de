using LoadTest.Bedrock.Client;
using LoadTest.Bedrock.Configuration;
using LoadTest.Scenarios.Config;
using LoadTest.Scenarios.Load;

namespace LoadTest.Scenarios.Tests;

public sealed class ScenarioConfigLoaderTests
{
    private const string Minimal = """
        target:
          kind: emulator
          region: ap-south-1
          retry: { mode: adaptive, maxAttempts: 4 }
          timeout: 30s
          maxInFlight: 50
        workloads:
          - name: chat
            model: global.anthropic.claude-haiku-4-5-20251001-v1:0
            api: converse-stream
            inputTokens: { mean: 1200, p95: 3000 }
            outputTokens: { fixed: 300 }
            maxTokens: 1024
            cachedPrefixTokens: 2000
        scenarios:
          - name: one
            mix: { chat: 1 }
            load:
              - ramp: { fromRpm: 100, toRpm: 600, during: 2m }
              - constant: { rpm: 600, during: 5m }
              - poisson: { rpm: 2400, during: 3m }
              - concurrency: { users: 20, during: 2m }
              - pause: 30s
            gates: ["p95(ttft) < 2s", "throttle_rate < 1%"]
            target: { retry: { mode: standard } }
        """;

    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => ScenarioConfigLoader.Parse(yaml, "s.yaml"));

    [Fact]
    public void Reads_target_workloads_phases_gates_and_a_scenario_target_override()
    {
        var c = ScenarioConfigLoader.Parse(Minimal, "s.yaml");

        Assert.Equal(TargetKind.Emulator, c.Target.Kind);
        Assert.Equal("ap-south-1", c.Target.Region);
        Assert.Equal(new RetrySettings(RetryMode.Adaptive, 4), c.Target.Retry);
        Assert.Equal(TimeSpan.FromSeconds(30), c.Target.Timeout);
        Assert.Equal(50, c.Target.MaxInFlight);

        var w = Assert.Single(c.Workloads);
        Assert.Equal(ApiKind.ConverseStream, w.Api);
        Assert.Equal(300, w.OutputTokens.Fixed);
        Assert.Equal(3000, w.InputTokens.P95);
        Assert.Equal(2000, w.CachedPrefixTokens);

        var s = Assert.Single(c.Scenarios);
        Assert.Equal("one", c.DefaultScenario);
        Assert.Collection(
            s.Phases,
            p => Assert.Equal(new RampPhase(100, 600, TimeSpan.FromMinutes(2)), p),
            p => Assert.Equal(new ConstantPhase(600, TimeSpan.FromMinutes(5)), p),
            p => Assert.Equal(new PoissonPhase(2400, TimeSpan.FromMinutes(3)), p),
            p => Assert.Equal(new ConcurrencyPhase(20, TimeSpan.FromMinutes(2)), p),
            p => Assert.Equal(new PausePhase(TimeSpan.FromSeconds(30)), p));
        Assert.Equal(TimeSpan.FromMinutes(12.5), s.Duration);
        Assert.Equal(["p95(ttft) < 2s", "throttle_rate < 1%"], s.Gates.Select(g => g.Expression));
        Assert.Equal(24, s.Gates[0].Line);
        Assert.Equal("s.yaml", s.Gates[0].File);

        // The scenario changes only the retry mode; the rest of its target comes from the top.
        Assert.Equal(RetryMode.Standard, s.Target.Retry.Mode);
        Assert.Equal(4, s.Target.Retry.MaxAttempts);
        Assert.Equal(50, s.Target.MaxInFlight);
    }

    [Fact]
    public void Unknown_key_names_the_line_column_and_allowed_keys()
    {
        var e = Fails(Minimal.Replace("maxTokens: 1024", "maxTokenz: 1024", StringComparison.Ordinal));

        Assert.Equal("s.yaml", e.File);
        Assert.Equal(13, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Contains("maxTokenz", e.Message, StringComparison.Ordinal);
        Assert.Contains("maxTokens", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("s.yaml:13:5:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mix_naming_a_missing_workload_points_at_it()
    {
        var e = Fails(Minimal.Replace("mix: { chat: 1 }", "mix: { chat: 1, chatt: 2 }", StringComparison.Ordinal));

        Assert.Equal(17, e.Line);
        Assert.Contains("unknown workload 'chatt'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_is_refused_with_known_ids()
    {
        var e = Fails(Minimal.Replace("global.anthropic.claude-haiku-4-5-20251001-v1:0", "global.anthropic.claude-haiku-9", StringComparison.Ordinal));

        Assert.Equal(9, e.Line);
        Assert.Contains("unknown model 'global.anthropic.claude-haiku-9'", e.Message, StringComparison.Ordinal);
        Assert.Contains("global.anthropic.claude-sonnet-4-5-20250929-v1:0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_added_under_models_can_be_used()
    {
        var yaml = "models:\n  - id: my.custom-model\n    tpm: 1000\n" + Minimal.Replace("global.anthropic.claude-haiku-4-5-20251001-v1:0", "my.custom-model", StringComparison.Ordinal);

        Assert.Equal("my.custom-model", ScenarioConfigLoader.Parse(yaml).Workloads[0].Model);
    }

    [Theory]
    [InlineData("- ramp: { fromRpm: 100, toRpm: 600, during: 2m }", "- ramp: { fromRpm: 100, during: 2m }", "toRpm")]
    [InlineData("- pause: 30s", "- sleep: 30s", "ramp, constant, poisson, concurrency, pause")]
    [InlineData("- pause: 30s", "- pause: soon", "duration")]
    [InlineData("mode: adaptive", "mode: eager", "none, standard or adaptive")]
    [InlineData("api: converse-stream", "api: chat", "converse, converse-stream, invoke, invoke-stream")]
    [InlineData("kind: emulator", "kind: local", "emulator or bedrock")]
    [InlineData("inputTokens: { mean: 1200, p95: 3000 }", "inputTokens: { mean: 1200, p95: 300 }", "below the mean")]
    [InlineData("- concurrency: { users: 20, during: 2m }", "- concurrency: { users: 0, during: 2m }", "between 1")]
    public void Bad_values_say_what_was_expected(string good, string bad, string expected)
    {
        var e = Fails(Minimal.Replace(good, bad, StringComparison.Ordinal));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void The_emulator_section_is_left_to_the_emulator_and_default_must_exist()
    {
        var c = ScenarioConfigLoader.Parse("emulator: { anything: [1, 2] }\n" + Minimal);
        Assert.NotNull(c.Root.Optional("emulator"));

        var e = Fails("default: nope\n" + Minimal);
        Assert.Contains("default scenario 'nope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_scenarios_file_loads_and_has_the_promised_scenarios()
    {
        var c = ScenarioConfigLoader.LoadFile(RepoFile("scenarios.yaml"));

        Assert.Equal("smoke", c.DefaultScenario);
        foreach (var name in new[] { "smoke", "diwali", "tax-season", "cricket-final", "ci" })
        {
            Assert.NotNull(c.FindScenario(name));
        }

        Assert.True(c.FindScenario("smoke")!.Duration < TimeSpan.FromSeconds(30));
        Assert.InRange(c.FindScenario("ci")!.Duration.TotalSeconds, 20, 40);
        Assert.NotEmpty(c.FindScenario("ci")!.Gates);

        // diwali: a 4x ramp and a 5x spike over its baseline.
        var diwali = c.FindScenario("diwali")!.Phases;
        var baseline = diwali[0].Rpm.From;
        Assert.Contains(diwali, p => p.Rpm.To == 4 * baseline);
        Assert.Contains(diwali, p => p.Rpm.From == 5 * baseline && p.Rpm.To == 5 * baseline);
        var cricket = c.FindScenario("cricket-final")!.Phases;
        Assert.Equal(5 * cricket[0].Rpm.From, cricket[1].Rpm.From);
    }

    internal static string RepoFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, name);
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "LoadTest.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(name);
    }
}
