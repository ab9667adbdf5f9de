using LoadTest.Core.Models;
using LoadTest.Core.Retry;
using LoadTest.Core;

namespace LoadTest.Config.Tests;

public sealed class ScenarioConfigLoaderTests
{
    internal const string Minimal = """
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
        Assert.Equal(TimeSpan.FromMinutes(12.5), s.Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration));

        // Gates stay text here, with where each expression starts (line 24, after the opening quote).
        Assert.Equal(["p95(ttft) < 2s", "throttle_rate < 1%"], s.Gates.Select(g => g.Expression));
        Assert.Equal(("s.yaml", 24L, 14L), (s.Gates[0].File, s.Gates[0].Line, s.Gates[0].Column));
        Assert.All(s.Gates, g => Assert.False(g.AbortOnFail));

        // The scenario changes only the retry mode; the rest of its target comes from the top.
        Assert.Equal(RetryMode.Standard, s.Target.Retry.Mode);
        Assert.Equal(4, s.Target.Retry.MaxAttempts);
        Assert.Equal(50, s.Target.MaxInFlight);
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
        Assert.Contains("did you mean 'maxTokens'?", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("s.yaml:13:5:", e.Message, StringComparison.Ordinal);
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
    public void Mix_naming_a_missing_workload_points_at_it()
    {
        var e = Fails(Minimal.Replace("mix: { chat: 1 }", "mix: { chat: 1, chatt: 2 }", StringComparison.Ordinal));

        Assert.Equal(17, e.Line);
        Assert.Contains("unknown workload 'chatt'; did you mean 'chat'?", e.Message, StringComparison.Ordinal);
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
    public void The_shipped_scenarios_file_loads_and_has_the_promised_scenarios()
    {
        var c = ScenarioConfigLoader.LoadFile(RepoFile("scenarios.yaml"));

        Assert.Equal("smoke", c.DefaultScenario);
        foreach (var name in new[] { "smoke", "diwali", "tax-season", "cricket-final", "ci" })
        {
            Assert.NotNull(c.FindScenario(name));
        }

        Assert.True(Duration(c.FindScenario("smoke")!) < TimeSpan.FromSeconds(30));
        Assert.InRange(Duration(c.FindScenario("ci")!).TotalSeconds, 20, 40);
        Assert.NotEmpty(c.FindScenario("ci")!.Gates);
        Assert.Contains(c.Scenarios.SelectMany(s => s.Gates), g => g.AbortOnFail);

        // diwali: a 4x ramp and a 5x spike over its baseline.
        var diwali = c.FindScenario("diwali")!.Phases;
        var baseline = diwali[0].Rpm.From;
        Assert.Contains(diwali, p => p.Rpm.To == 4 * baseline);
        Assert.Contains(diwali, p => p.Rpm.From == 5 * baseline && p.Rpm.To == 5 * baseline);
        var cricket = c.FindScenario("cricket-final")!.Phases;
        Assert.Equal(5 * cricket[0].Rpm.From, cricket[1].Rpm.From);

        // agentic: sessions with thinking, tools and cache points; agentic-plain the same without thinking, on the same load.
        var agent = c.FindWorkload(Assert.Single(c.FindScenario("agentic")!.Mix).Key)!;
        var plain = c.FindWorkload(Assert.Single(c.FindScenario("agentic-plain")!.Mix).Key)!;
        Assert.NotNull(agent.Thinking);
        Assert.NotNull(agent.Tools);
        Assert.True(agent.Session is { CachePoints: true });
        Assert.Null(plain.Thinking);
        Assert.Equal(agent with { Name = plain.Name, Thinking = null }, plain);
        Assert.Equal(c.FindScenario("agentic")!.Phases, c.FindScenario("agentic-plain")!.Phases);

        // mixed-family: Claude, Nova and Cohere embeddings in one mix.
        var families = c.FindScenario("mixed-family")!.Mix.Keys
            .Select(w => c.FindModel(c.FindWorkload(w)!.Model)!.Family)
            .ToHashSet();
        Assert.Equal([ModelFamily.AnthropicClaude, ModelFamily.AmazonNova, ModelFamily.CohereEmbed], families.Order());
    }

    [Fact]
    public void An_unknown_top_level_key_names_its_position_and_the_nearest_key()
    {
        var e = Fails("workload:\n  - name: x\n" + Minimal);

        Assert.Equal(("s.yaml", 1L, 1L), (e.File, e.Line, e.Column));
        Assert.StartsWith("s.yaml:1:1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key 'workload' in '(top level)'; did you mean 'workloads'?", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("planner")]
    [InlineData("reports")]
    public void Planner_and_reports_sections_are_refused_because_nothing_reads_them(string section)
    {
        var e = Fails(Minimal + $"\n{section}:\n  peakMultiplier: 4\n");

        Assert.Equal(26L, e.Line);
        Assert.Equal(1L, e.Column);
        Assert.Contains($"unknown key '{section}' in '(top level)'", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected one of: target, models, emulator, workloads, scenarios, default", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_in_the_emulator_section_fails_at_load_whatever_the_target()
    {
        var bedrock = Minimal.Replace("kind: emulator", "kind: bedrock", StringComparison.Ordinal);
        var e = Fails(bedrock + "\nemulator:\n  sourceRegion: ap-south-1\n  latencySacle: 0\n");

        Assert.Equal((28L, 3L), (e.Line, e.Column));
        Assert.Contains("unknown key 'latencySacle' in 'emulator'; did you mean 'latencyScale'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_emulator_section_is_typed_and_default_must_exist()
    {
        var c = ScenarioConfigLoader.Parse("emulator: { sourceRegion: ap-south-1, latencyScale: 0, regionCapacity: { us-east-1: 500 } }\n" + Minimal);
        Assert.Equal("ap-south-1", c.Emulator.SourceRegion);
        Assert.Equal(0, c.Emulator.LatencyScale);
        Assert.Null(c.Emulator.RegionCapacity);
        Assert.Equal(500, c.Emulator.RegionCapacityOverrides["us-east-1"]);
        Assert.Null(c.Emulator.Jitter);
        Assert.Same(EmulatorSection.Empty, ScenarioConfigLoader.Parse(Minimal).Emulator);

        var e = Fails("default: nope\n" + Minimal);
        Assert.Contains("default scenario 'nope'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("emulator:\n  sourceRegion: us-east-1\n  latencySacle: 0\n", 3, "unknown key 'latencySacle'")]
    [InlineData("emulator:\n  faults:\n    - { error: NoSuchException, rate: 0.1 }\n", 3, "unknown error 'NoSuchException'")]
    [InlineData("emulator:\n  faults:\n    - { error: ThrottlingExeption, rate: 0.1 }\n", 3, "did you mean 'ThrottlingException'?")]
    [InlineData("emulator:\n  faults:\n    - { rate: 0.1 }\n", 3, "exactly one of")]
    [InlineData("emulator:\n  faults:\n    - { stall: 2s, reset: true, rate: 0.1 }\n", 3, "exactly one of")]
    [InlineData("emulator:\n  faults:\n    - { stall: 2s, rate: 2 }\n", 3, "between 0 and 1")]
    [InlineData("emulator:\n  faults:\n    - { midStream: fooException, rate: 0.5 }\n", 3, "unknown stream exception")]
    [InlineData("emulator:\n  outages:\n    - { region: us-east-1, from: 2m, to: 1m }\n", 3, "must end after it starts")]
    [InlineData("emulator:\n  latencyScale: fast\n", 2, "should be a number")]
    [InlineData("emulator:\n  regions: []\n", 2, "at least one Region")]
    [InlineData("emulator:\n  reservation: { maxToken: true }\n", 2, "unknown key 'maxToken' in 'emulator.reservation'; did you mean 'maxTokens'?")]
    [InlineData("emulator:\n  latencyScale: 1\n  timingLog: [a.jsonl, b.jsonl]\n", 3, "should be a single value")]
    [InlineData("emulator:\n  cacheTtl: 0s\n", 2, "must be longer than zero")]
    [InlineData("emulator:\n  verifySignatur: { accessKeyId: A, secretAccessKey: s }\n", 2, "did you mean 'verifySignature'?")]
    [InlineData("emulator:\n  verifySignature: { accessKeyId: A, secretAcessKey: s }\n", 2, "did you mean 'secretAccessKey'?")]
    [InlineData("emulator:\n  verifySignature: { accessKeyId: A }\n", 2, "secretAccessKey")]
    [InlineData("emulator:\n  verifySignature: []\n", 2, "needs at least one")]
    [InlineData("emulator:\n  verifySignature:\n    - { accessKeyId: A, secretAccessKey: s }\n    - { accessKeyId: A, secretAccessKey: t }\n", 4, "listed twice")]
    public void Bad_emulator_settings_fail_with_file_line_and_what_was_expected(string yaml, int line, string expected)
    {
        var e = Fails(yaml);
        Assert.Equal("s.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_inside_a_workload_names_the_nearest_key()
    {
        var e = Fails(Minimal.Replace("cachedPrefixTokens: 2000", "cachedPrefixTokesn: 2000", StringComparison.Ordinal));

        Assert.Equal((14L, 5L), (e.Line, e.Column));
        Assert.Contains("unknown key 'cachedPrefixTokesn' in 'workloads[0]'; did you mean 'cachedPrefixTokens'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_far_from_every_valid_one_gets_no_guess()
    {
        var e = Fails(Minimal.Replace("maxTokens: 1024", "colour: blue", StringComparison.Ordinal));

        Assert.DoesNotContain("did you mean", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected one of: name, model, api", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none", RetryMode.None)]
    [InlineData("off", RetryMode.None)]
    [InlineData("Standard", RetryMode.Standard)]
    [InlineData("ADAPTIVE", RetryMode.Adaptive)]
    public void Retry_modes_have_one_spelling_everywhere(string text, RetryMode expected)
    {
        // The file, --retry and the planner's --retry-mode and summary.json all read through RetryModeText.
        Assert.True(RetryModeText.TryParse(text, out var mode));
        Assert.Equal(expected, mode);
        var c = ScenarioConfigLoader.Parse(Minimal.Replace("retry: { mode: adaptive, maxAttempts: 4 }", $"retry: {{ mode: {text} }}", StringComparison.Ordinal));
        Assert.Equal(expected, c.Target.Retry.Mode);
        Assert.Equal(expected, RetryModeText.Parse(text, "--retry"));
    }

    [Theory]
    [InlineData("botocore", "", SdkFamily.Botocore, RetryBehaviour.Retries2026)]
    [InlineData("boto3", ", rules: legacy", SdkFamily.Botocore, RetryBehaviour.Legacy)]
    [InlineData("js-v3", ", rules: 2026", SdkFamily.JsV3, RetryBehaviour.Retries2026)]
    [InlineData("java-v2", "", SdkFamily.JavaV2, RetryBehaviour.Retries2026)]
    [InlineData("dotnet", ", fastFail: true", SdkFamily.Dotnet, RetryBehaviour.Retries2026)]
    [InlineData("dotnet", "", SdkFamily.Dotnet, RetryBehaviour.Retries2026)]
    public void Retry_sdk_and_rules_are_read_from_the_target(string sdk, string extra, SdkFamily expected, RetryBehaviour rules)
    {
        var c = ScenarioConfigLoader.Parse(Minimal.Replace("retry: { mode: adaptive, maxAttempts: 4 }", $"retry: {{ sdk: {sdk}, mode: adaptive, maxAttempts: 4{extra} }}", StringComparison.Ordinal));

        Assert.Equal(expected, c.Target.Retry.Sdk);
        Assert.Equal(rules, c.Target.Retry.Rules);
        Assert.Equal(RetryMode.Adaptive, c.Target.Retry.Mode);
        Assert.Equal(4, c.Target.Retry.MaxAttempts);
        Assert.Equal(extra.Contains("fastFail", StringComparison.Ordinal), c.Target.Retry.FastFail);
    }

    [Fact]
    public void Without_an_sdk_the_target_retries_as_dotnet()
    {
        var c = ScenarioConfigLoader.Parse(Minimal);

        Assert.Equal(SdkFamily.Dotnet, c.Target.Retry.Sdk);
        Assert.Equal(SdkFamily.Dotnet, RetrySettings.Default.Sdk);
    }

    [Fact]
    public void A_bad_retry_mode_names_the_flag_and_the_spellings()
    {
        var e = Assert.Throws<ConfigException>(() => RetryModeText.Parse("eager", "--retry"));
        Assert.Equal("--retry should be none, standard or adaptive, got 'eager'", e.Message);
    }

    [Fact]
    public void A_file_with_only_models_and_emulator_loads_without_scenarios()
    {
        var c = ScenarioConfigLoader.Parse("models:\n  - id: global.anthropic.claude-haiku-4-5-20251001-v1:0\n    tpm: 1000\nemulator:\n  latencyScale: 0\n", "s.yaml");

        Assert.Empty(c.Scenarios);
        Assert.Empty(c.Workloads);
        Assert.Null(c.DefaultScenario);
        Assert.Equal(1000, c.FindModel("global.anthropic.claude-haiku-4-5-20251001-v1:0")!.Tpm);

        // Scenarios without workloads have nothing to send.
        var e = Fails("scenarios:\n  - name: s\n    load: [pause: 1s]\n");
        Assert.Contains("needs the key 'workloads'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_example_config_in_the_repository_loads()
    {
        var root = Path.GetDirectoryName(RepoFile("scenarios.yaml"))!;
        var files = new[] { Path.Combine(root, "scenarios.yaml") }
            .Concat(Directory.GetFiles(Path.Combine(root, "bench"), "*.yaml", SearchOption.AllDirectories))
            .ToList();
        Assert.True(files.Count >= 6, string.Join(", ", files));
        foreach (var file in files)
        {
            ScenarioConfigLoader.LoadFile(file);
        }

        // The docs' emulator examples are whole files of their own.
        var doc = File.ReadAllText(Path.Combine(root, "docs", "emulator.md"));
        var blocks = doc.Split("```yaml\n").Skip(1).Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)]).ToList();
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            ScenarioConfigLoader.Parse(block, "docs/emulator.md");
        }
    }

    [Theory]
    [InlineData("maxTokenz", "maxTokens")]
    [InlineData("maxTokesn", "maxTokens")]
    [InlineData("MAXTOKENS", "maxTokens")]
    [InlineData("model", "model")]
    [InlineData("zzz", null)]
    public void The_nearest_name_allows_about_one_edit_in_three_letters(string given, string? expected)
    {
        Assert.Equal(expected, NearestName.Find(given, ["name", "model", "maxTokens", "inputTokens"]));
    }

    [Fact]
    public void A_swap_of_neighbours_is_one_edit()
    {
        Assert.Equal(1, NearestName.Distance("ab", "ba"));
        Assert.Equal(3, NearestName.Distance("kitten", "sitting"));
    }

    [Theory]
    [InlineData("global.anthropic.claude-opus-4-6-v1", 128_000, true)]
    [InlineData("global.anthropic.claude-opus-4-6-v1", 128_001, false)]
    [InlineData("global.anthropic.claude-haiku-4-5-20251001-v1:0", 64_000, true)]
    [InlineData("global.anthropic.claude-haiku-4-5-20251001-v1:0", 64_001, false)]
    public void MaxTokens_is_checked_against_the_models_output_limit(string model, int maxTokens, bool loads)
    {
        var yaml = Minimal.Replace("global.anthropic.claude-haiku-4-5-20251001-v1:0", model, StringComparison.Ordinal).Replace("maxTokens: 1024", $"maxTokens: {maxTokens}", StringComparison.Ordinal);

        if (loads)
        {
            Assert.Equal(maxTokens, ScenarioConfigLoader.Parse(yaml, "s.yaml").Workloads[0].MaxTokens);
        }
        else
        {
            var e = Fails(yaml);
            Assert.Equal((13L, 16L), (e.Line, e.Column));
            Assert.Contains($"above the {maxTokens - 1:N0} output tokens model '{model}' allows", e.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("unset")]
    [InlineData("null")]
    [InlineData("~")]
    public void MaxTokens_unset_means_the_requests_send_none(string value)
    {
        var w = ScenarioConfigLoader.Parse(Minimal.Replace("maxTokens: 1024", $"maxTokens: {value}", StringComparison.Ordinal), "s.yaml").Workloads[0];
        Assert.Null(w.MaxTokens);

        // Absent, it stays the documented default.
        Assert.Equal(1024, ScenarioConfigLoader.Parse(Minimal.Replace("    maxTokens: 1024\n", "", StringComparison.Ordinal), "s.yaml").Workloads[0].MaxTokens);
    }

    [Theory]
    [InlineData("invoke")]
    [InlineData("invoke-stream")]
    public void MaxTokens_unset_with_the_Anthropic_InvokeModel_body_is_refused_where_it_is_written(string api)
    {
        var e = Fails(Minimal.Replace("api: converse-stream", $"api: {api}", StringComparison.Ordinal).Replace("maxTokens: 1024", "maxTokens: unset", StringComparison.Ordinal));
        Assert.Equal((13L, 16L), (e.Line, e.Column));
        Assert.Contains("max_tokens is required", e.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_models_entry_can_raise_the_output_limit_and_the_context_window()
    {
        var yaml = "models:\n  - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, maxOutputTokens: 100000, contextWindow: 1000000 }\n"
            + Minimal.Replace("maxTokens: 1024", "maxTokens: 100000", StringComparison.Ordinal).Replace("cachedPrefixTokens: 2000", "cachedPrefixTokens: 500000", StringComparison.Ordinal);

        var w = ScenarioConfigLoader.Parse(yaml, "s.yaml").Workloads[0];

        Assert.Equal(100_000, w.MaxTokens);
        Assert.Equal(500_000, w.CachedPrefixTokens);
    }

    private static TimeSpan Duration(ScenarioSection s) => s.Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);

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
