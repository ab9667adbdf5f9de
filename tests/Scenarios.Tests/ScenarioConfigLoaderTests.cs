using LoadTest.Bedrock.Client;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Scenarios.Config;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Gates;
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
        Assert.Equal(new GateMetric(GateQuantity.Ttft, GateStatistic.P95), s.Gates[0].Metric);
        Assert.Equal(2000, s.Gates[0].Threshold.Value);
        Assert.Equal(GateQuantity.ThrottleRate, s.Gates[1].Metric.Quantity);
        Assert.Equal(0.01, s.Gates[1].Threshold.Value, 9);
        Assert.All(s.Gates, g => Assert.False(g.AbortOnFail));

        // The scenario changes only the retry mode; the rest of its target comes from the top.
        Assert.Equal(RetryMode.Standard, s.Target.Retry.Mode);
        Assert.Equal(4, s.Target.Retry.MaxAttempts);
        Assert.Equal(50, s.Target.MaxInFlight);
    }

    [Fact]
    public void Fail_fast_is_read_for_adaptive_retry_reaches_the_client_options_and_is_refused_for_other_modes()
    {
        var c = ScenarioConfigLoader.Parse(Minimal.Replace("maxAttempts: 4 }", "maxAttempts: 4, fastFail: true }", StringComparison.Ordinal), "s.yaml");
        Assert.Equal(new RetrySettings(RetryMode.Adaptive, 4, FastFail: true), c.Target.Retry);
        Assert.True(BedrockClientPool.OptionsFor(c.Target).FastFail);

        // The scenario switches to standard retry: fail fast, an adaptive setting, does not follow.
        Assert.False(c.Scenarios[0].Target.Retry.FastFail);
        Assert.False(BedrockClientPool.OptionsFor(c.Scenarios[0].Target).FastFail);

        var e = Fails(Minimal.Replace("retry: { mode: adaptive, maxAttempts: 4 }", "retry: { mode: standard, fastFail: true }", StringComparison.Ordinal));
        Assert.StartsWith("s.yaml:4:", e.Message, StringComparison.Ordinal);
        Assert.Contains("fastFail applies to retry mode adaptive only", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_overrides_keep_the_files_attempts_and_fail_fast_where_they_still_apply()
    {
        var c = ScenarioConfigLoader.Parse(Minimal.Replace("maxAttempts: 4 }", "maxAttempts: 4, fastFail: true }", StringComparison.Ordinal).Replace("    target: { retry: { mode: standard } }", "", StringComparison.Ordinal), "s.yaml");
        RetrySettings Retry(RunOverrides o) => LoadRunFactory.Create(c, o).Scenario.Target.Retry;

        Assert.Equal(new RetrySettings(RetryMode.Adaptive, 4, FastFail: true), Retry(new RunOverrides()));
        Assert.Equal(new RetrySettings(RetryMode.Adaptive, 6, FastFail: true), Retry(new RunOverrides { MaxAttempts = 6 }));
        Assert.Equal(new RetrySettings(RetryMode.Standard, 4), Retry(new RunOverrides { RetryMode = RetryMode.Standard }));
        Assert.Equal(new RetrySettings(RetryMode.None, 1), Retry(new RunOverrides { RetryMode = RetryMode.None, MaxAttempts = 5 }));

        var none = ScenarioConfigLoader.Parse(Minimal.Replace("retry: { mode: adaptive, maxAttempts: 4 }", "retry: { mode: none }", StringComparison.Ordinal).Replace("    target: { retry: { mode: standard } }", "", StringComparison.Ordinal), "s.yaml");
        Assert.Equal(new RetrySettings(RetryMode.Standard, 3), LoadRunFactory.Create(none, new RunOverrides { RetryMode = RetryMode.Standard }).Scenario.Target.Retry);
    }

    [Fact]
    public void Saturation_thresholds_default_to_10_ms_and_95_percent_and_are_read_per_target()
    {
        var c = ScenarioConfigLoader.Parse(Minimal.Replace("    target: { retry: { mode: standard } }", "    target: { saturation: { cpu: 80% } }", StringComparison.Ordinal), "s.yaml");
        Assert.Equal(new SaturationSettings { Lag = TimeSpan.FromMilliseconds(10), Cpu = 0.95 }, c.Target.Saturation);
        Assert.Equal(new SaturationSettings { Lag = TimeSpan.FromMilliseconds(10), Cpu = 0.8 }, c.Scenarios[0].Target.Saturation);

        var both = ScenarioConfigLoader.Parse(Minimal.Replace("maxInFlight: 50", "maxInFlight: 50\n  saturation: { lag: 25ms, cpu: 0.9 }", StringComparison.Ordinal), "s.yaml");
        Assert.Equal(new SaturationSettings { Lag = TimeSpan.FromMilliseconds(25), Cpu = 0.9 }, both.Scenarios[0].Target.Saturation);
    }

    [Theory]
    [InlineData("{ lag: 0ms }", 7, 22, "saturation lag should be between 1ms and 10s")]
    [InlineData("{ lag: soon }", 7, 22, "should be a duration")]
    [InlineData("{ cpu: 150% }", 7, 22, "should be between 0.01 and 1")]
    [InlineData("{ lags: 5ms }", 7, 17, "lags")]
    public void A_bad_saturation_setting_names_the_line_and_column(string value, int line, int column, string expected)
    {
        var e = Fails(Minimal.Replace("maxInFlight: 50", "maxInFlight: 50\n  saturation: " + value, StringComparison.Ordinal));

        Assert.Equal(("s.yaml", line, column), (e.File, (int)e.Line, (int)e.Column));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
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
    public void A_malformed_gate_is_a_config_error_at_the_exact_character_before_any_load()
    {
        var e = Fails(Minimal.Replace("\"p95(ttft) < 2s\"", "\"p95(ttft) < 2x\"", StringComparison.Ordinal));

        // Line 24: `    gates: ["p95(ttft) < 2x", ...]`; the expression starts at column 14, its 'x' is its 14th character.
        Assert.Equal((24L, 27L), (e.Line, e.Column));
        Assert.Contains("gate 'p95(ttft) < 2x'", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown unit 'x'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gates_in_the_mapping_form_carry_abort_on_fail_and_its_delay()
    {
        var c = ScenarioConfigLoader.Parse(Minimal.Replace(
            "gates: [\"p95(ttft) < 2s\", \"throttle_rate < 1%\"]",
            "gates:\n      - \"p95(ttft) < 2s\"\n      - { expr: \"throttle_rate < 1%\", abortOnFail: true, delayAbortEval: 30s }",
            StringComparison.Ordinal));

        var gates = c.Scenarios[0].Gates;
        Assert.Equal(2, gates.Count);
        Assert.False(gates[0].AbortOnFail);
        Assert.True(gates[1].AbortOnFail);
        Assert.Equal(TimeSpan.FromSeconds(30), gates[1].AbortDelay);
        Assert.Equal("throttle_rate < 1%", gates[1].Expression);
    }

    [Fact]
    public void A_gate_scoped_to_a_workload_the_scenario_does_not_send_is_refused()
    {
        var e = Fails(Minimal.Replace("\"throttle_rate < 1%\"", "\"throttle_rate{workload:chta} < 1%\"", StringComparison.Ordinal));

        Assert.Equal(24, e.Line);
        Assert.Contains("workload 'chta'", e.Message, StringComparison.Ordinal);
        Assert.Contains("it sends: chat", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_gate_without_a_baseline_run_is_refused_before_the_run()
    {
        var c = ScenarioConfigLoader.Parse(Minimal.Replace("\"throttle_rate < 1%\"", "\"p95(ttft) < baseline * 1.1\"", StringComparison.Ordinal));

        var e = Assert.Throws<ConfigException>(() => LoadRunFactory.Create(c, new RunOverrides()));
        Assert.Contains("--baseline", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, LoadRunFactory.Create(c, new RunOverrides { Baseline = new Results.RunSummary() }).Scenario.Gates.Count);
    }

    [Fact]
    public void Command_line_gates_are_added_to_the_scenarios_own()
    {
        var c = ScenarioConfigLoader.Parse(Minimal);

        var run = LoadRunFactory.Create(c, new RunOverrides { Gates = [GateParser.Parse("error_rate < 5%")] });

        Assert.Equal(["p95(ttft) < 2s", "throttle_rate < 1%", "error_rate < 5%"], run.Scenario.Gates.Select(g => g.Expression));
        Assert.Throws<ConfigException>(() => LoadRunFactory.Create(c, new RunOverrides { Gates = [GateParser.Parse("error_rate{workload:nope} < 5%")] }));
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

    [Fact]
    public void Every_shipped_scenario_builds_a_run_with_parsed_gates()
    {
        var c = ScenarioConfigLoader.LoadFile(RepoFile("scenarios.yaml"));

        foreach (var scenario in c.Scenarios)
        {
            var run = LoadRunFactory.Create(c, new RunOverrides { Scenario = scenario.Name });
            Assert.Equal(scenario.Gates.Count, run.Scenario.Gates.Count);
            Assert.All(run.Scenario.Gates, g => Assert.Equal(g, GateParser.Parse(g.Expression) with { AbortOnFail = g.AbortOnFail, AbortDelay = g.AbortDelay }));
        }

        // Gates the docs promise, as parsed values rather than text.
        Assert.Contains(c.FindScenario("ci")!.Gates, g => g.Metric == new GateMetric(GateQuantity.Ttft, GateStatistic.P95) && g.Threshold.Value == 2000);
        Assert.Contains(c.Scenarios.SelectMany(s => s.Gates), g => g.AbortOnFail);
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
