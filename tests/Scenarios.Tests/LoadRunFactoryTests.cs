using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Gates;

namespace LoadTest.Scenarios.Tests;

/// <summary>From a loaded scenarios.yaml to a run: gates parsed with their positions in the file, command-line overrides applied.</summary>
public sealed class LoadRunFactoryTests
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

    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => LoadRunFactory.Create(ScenarioConfigLoader.Parse(yaml, "s.yaml"), new RunOverrides()));

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
    public void A_malformed_gate_is_a_config_error_at_the_exact_character_before_any_load()
    {
        var e = Fails(Minimal.Replace("\"p95(ttft) < 2s\"", "\"p95(ttft) < 2x\"", StringComparison.Ordinal));

        // Line 24: `    gates: ["p95(ttft) < 2x", ...]`; the expression starts at column 14, its 'x' is its 14th character.
        Assert.Equal((24L, 27L), (e.Line, e.Column));
        Assert.Contains("gate 'p95(ttft) < 2x'", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown unit 'x'", e.Message, StringComparison.Ordinal);
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
    public void A_gate_on_one_model_follows_the_model_to_its_profile_scope()
    {
        const string Global = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
        const string Apac = "apac.anthropic.claude-haiku-4-5-20251001-v1:0";
        var c = ScenarioConfigLoader.Parse(Minimal.Replace("gates: [\"p95(ttft) < 2s\"", $"gates: [\"p95(ttft){{model:{Global}}} < 2s\"", StringComparison.Ordinal), "s.yaml");
        var scoped = new RunOverrides { ProfileScope = Core.Models.ProfileScope.Geographic, Gates = [GateParser.Parse($"error_rate{{model:{Global}}} < 5%")] };

        var run = LoadRunFactory.Create(c, scoped);

        Assert.Equal(Apac, Assert.Single(run.Workloads).Model);
        var onModel = run.Scenario.Gates.Where(g => g.Scope.Kind == GateScopeKind.Model).ToList();
        Assert.Equal(2, onModel.Count);
        Assert.All(onModel, g => Assert.Equal(Apac, g.Scope.Name));
        Assert.Equal([$"p95(ttft){{model:{Apac}}} < 2s", $"error_rate{{model:{Apac}}} < 5%"], onModel.Select(g => g.Expression));

        // Without the rewrite the gates stay on the ID as written.
        var plain = LoadRunFactory.Create(c, new RunOverrides());
        Assert.Equal(Global, plain.Scenario.Gates.Single(g => g.Scope.Kind == GateScopeKind.Model).Scope.Name);
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
        var ci = LoadRunFactory.Create(c, new RunOverrides { Scenario = "ci" }).Scenario.Gates;
        Assert.Contains(ci, g => g.Metric == new GateMetric(GateQuantity.Ttft, GateStatistic.P95) && g.Threshold.Value == 2000);
    }

    [Fact]
    public void A_malformed_gate_in_another_scenario_still_stops_the_run()
    {
        var yaml = Minimal + "\n  - name: two\n    load: [pause: 1s]\n    gates: [\"p99(ttft) <\"]\n";
        var c = ScenarioConfigLoader.Parse(yaml, "s.yaml");

        var e = Assert.Throws<ConfigException>(() => LoadRunFactory.Create(c, new RunOverrides { Scenario = "one" }));
        Assert.Equal(28L, e.Line);
    }

    [Fact]
    public void A_file_without_scenarios_cannot_be_run()
    {
        var c = ScenarioConfigLoader.Parse("emulator:\n  latencyScale: 0\n", "emu.yaml");

        var e = Assert.Throws<ConfigException>(() => LoadRunFactory.Create(c, new RunOverrides()));
        Assert.Contains("emu.yaml: no scenarios to run", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scenario_name_suggests_the_nearest()
    {
        var c = ScenarioConfigLoader.Parse(Minimal, "s.yaml");

        var e = Assert.Throws<ConfigException>(() => LoadRunFactory.Create(c, new RunOverrides { Scenario = "on" }));
        Assert.Contains("no scenario named 'on'; did you mean 'one'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thinking_tools_and_sessions_together_run_against_real_Bedrock_as_on_the_emulator()
    {
        // The engine sends each tool call's signed thinking block back, as Bedrock requires, so the
        // agentic scenario is no longer refused for a Bedrock target.
        var c = ScenarioConfigLoader.Parse(RepoFileText("scenarios.yaml"), "scenarios.yaml");

        var run = LoadRunFactory.Create(c, new RunOverrides { Scenario = "agentic", Target = TargetKind.Bedrock });
        Assert.Equal(TargetKind.Bedrock, run.Scenario.Target.Kind);
        Assert.Contains(run.Workloads, w => w is { Name: "shopping-agent", Thinking: not null, Tools.CallRate: > 0, Session: not null });
        Assert.Equal(TargetKind.Emulator, LoadRunFactory.Create(c, new RunOverrides { Scenario = "agentic" }).Scenario.Target.Kind);
    }

    private static string RepoFileText(string name) => File.ReadAllText(RepoFile(name));

    private static string RepoFile(string name)
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
