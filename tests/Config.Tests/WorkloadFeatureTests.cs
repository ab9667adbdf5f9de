using LoadTest.Core;
using LoadTest.Core.Models;

namespace LoadTest.Config.Tests;

/// <summary>
/// The workload keys for thinking, tools, sessions and embeddings: every accepted form reads into
/// the spec, and every contradiction is refused at the offending key's line and column.
/// </summary>
public sealed class WorkloadFeatureTests
{
    private const string Haiku45 = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    private const string Sonnet46 = "global.anthropic.claude-sonnet-4-6";
    private const string Nova = "global.amazon.nova-2-lite-v1:0";
    private const string Cohere = "global.cohere.embed-v4:0";

    /// <summary>
    /// One workload named agent on <paramref name="model"/>; <paramref name="lines"/> (separated by
    /// '|') are its other keys, the first on line 5 with its key at column 5.
    /// </summary>
    private static string Yaml(string model, string lines, string models = "")
        => models
           + "target: { kind: emulator, region: us-east-1 }\n"
           + "workloads:\n"
           + "  - name: agent\n"
           + $"    model: {model}\n"
           + string.Concat(lines.Split('|').Select(l => "    " + l + "\n"))
           + "scenarios:\n  - name: s\n    load:\n      - constant: { rpm: 60, during: 10s }\n";

    private static WorkloadSpec Load(string model, string lines, string models = "")
        => Assert.Single(ScenarioConfigLoader.Parse(Yaml(model, lines, models), "w.yaml").Workloads);

    private static ConfigException Fails(string model, string lines, string models = "")
        => Assert.Throws<ConfigException>(() => ScenarioConfigLoader.Parse(Yaml(model, lines, models), "w.yaml"));

    private const string Text = "inputTokens: 500|outputTokens: 300";

    /// <summary>
    /// Asserts the workload is refused with <paramref name="expected"/> in the message, at the first
    /// character of <paramref name="at"/> (which occurs once in the file), named as w.yaml:line:column.
    /// </summary>
    private static void Refused(string model, string lines, string at, string expected, string models = "")
    {
        var yaml = Yaml(model, lines, models);
        var index = yaml.IndexOf(at, StringComparison.Ordinal);
        Assert.True(index >= 0 && yaml.IndexOf(at, index + 1, StringComparison.Ordinal) < 0, $"'{at}' should occur once in the file");
        var line = 1 + yaml[..index].Count(c => c == '\n');
        var column = index - (yaml.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1;

        var e = Assert.Throws<ConfigException>(() => ScenarioConfigLoader.Parse(yaml, "w.yaml"));

        Assert.Equal(("w.yaml", (long)line, (long)column), (e.File, e.Line, e.Column));
        Assert.StartsWith($"w.yaml:{line}:{column}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    // ---- thinking ----

    [Fact]
    public void Budget_thinking_reads_its_budget_and_used_distribution()
    {
        var w = Load(Haiku45, Text + "|maxTokens: 8000|thinking: { budgetTokens: 4000, used: { mean: 2000, p95: 3500 } }");

        var t = Assert.IsType<ThinkingSpec>(w.Thinking);
        Assert.False(t.Adaptive);
        Assert.Equal(4000, t.BudgetTokens);
        Assert.Equal((2000.0, 3500.0, (int?)null), (t.Used.Mean, t.Used.P95, t.Used.Fixed));
    }

    [Theory]
    [InlineData("thinking: { type: enabled, budgetTokens: 2048, used: { fixed: 1500 } }", 1500)]
    [InlineData("thinking: { budgetTokens: 2048, used: 1800 }", 1800)]
    public void Used_may_be_fixed_or_a_plain_number_and_type_enabled_is_optional(string thinking, int used)
    {
        var t = Load(Haiku45, Text + "|maxTokens: 4096|" + thinking).Thinking!;

        Assert.Equal(2048, t.BudgetTokens);
        Assert.Equal(used, t.Used.Fixed);
    }

    [Fact]
    public void Used_defaults_to_half_the_budget_on_average_and_nine_tenths_at_p95()
    {
        var t = Load(Haiku45, Text + "|maxTokens: 10000|thinking: { budgetTokens: 4000 }").Thinking!;

        Assert.Equal((2000.0, 3600.0), (t.Used.Mean, t.Used.P95));
        Assert.Equal(WorkloadsSection.DefaultUsed(4000), t.Used);
    }

    [Fact]
    public void Adaptive_thinking_reads_on_a_model_that_supports_it()
    {
        var t = Load(Sonnet46, Text + "|maxTokens: 16000|thinking: { type: adaptive, used: { mean: 3000, p95: 9000 } }").Thinking!;

        Assert.True(t.Adaptive);
        Assert.Null(t.BudgetTokens);
        Assert.Equal(9000, t.Used.P95);
    }

    [Theory]
    [InlineData("invoke")]
    [InlineData("invoke-stream")]
    [InlineData("converse-stream")]
    public void Thinking_is_allowed_with_every_text_api_on_claude(string api)
    {
        var w = Load(Haiku45, $"api: {api}|{Text}|maxTokens: 5000|thinking: {{ budgetTokens: 4000 }}");

        Assert.Equal(4000, w.Thinking!.BudgetTokens);
    }

    [Fact]
    public void With_max_tokens_unset_the_budget_only_has_to_be_below_the_models_maximum_output()
    {
        var w = Load(Haiku45, Text + "|maxTokens: unset|thinking: { budgetTokens: 63999 }");

        Assert.Null(w.MaxTokens);
        Assert.Equal(63_999, w.Thinking!.BudgetTokens);
    }

    [Fact]
    public void A_workload_without_the_new_keys_has_none_of_them()
    {
        var w = Load(Haiku45, Text);

        Assert.Equal((ApiKind.Converse, 1024), (w.Api, w.MaxTokens));
        Assert.Null(w.Thinking);
        Assert.Null(w.Tools);
        Assert.Null(w.Session);
        Assert.Null(w.Texts);
    }

    [Theory]
    [InlineData(Haiku45, "maxTokens: 8000|thinking: { budgetTokens: 1000 }", "1000 }", "budgetTokens 1,000; Claude's minimum is 1,024")]
    [InlineData(Haiku45, "maxTokens: 4000|thinking: { budgetTokens: 4000 }", "4000 }", "budgetTokens 4,000, not below maxTokens (4,000)")]
    [InlineData(Haiku45, "thinking: { budgetTokens: 2048 }", "2048", "budgetTokens 2,048, not below maxTokens (1,024)")]
    [InlineData(Haiku45, "maxTokens: unset|thinking: { budgetTokens: 64000 }", "64000", "not below the 64,000 output tokens model")]
    [InlineData(Haiku45, "maxTokens: 8000|thinking: { budgetTokens: 4000, used: { mean: 2000, p95: 5000 } }", "{ mean: 2000", "expects a p95 of 5,000 thinking tokens, above budgetTokens (4,000)")]
    [InlineData(Haiku45, "maxTokens: 8000|thinking: { budgetTokens: 4000, used: 4001 }", "4001", "expects 4,001 thinking tokens, above budgetTokens (4,000)")]
    [InlineData(Sonnet46, "maxTokens: 8000|thinking: { type: adaptive }", "{ type", "adaptive thinking needs 'used'")]
    [InlineData(Sonnet46, "maxTokens: 8000|thinking: adaptive", "adaptive", "thinking: adaptive without 'used'")]
    [InlineData(Sonnet46, "maxTokens: 8000|thinking: { type: adaptive, used: { mean: 4000, p95: 8000 } }", "{ mean: 4000", "not below maxTokens (8,000)")]
    [InlineData(Sonnet46, "maxTokens: 8000|thinking: { type: adaptive, budgetTokens: 4000, used: 100 }", "4000,", "adaptive thinking takes no budgetTokens")]
    [InlineData(Haiku45, "maxTokens: 8000|thinking: { type: adaptive, used: 2000 }", "adaptive", "does not support adaptive thinking (it supports thinking with budgetTokens)")]
    [InlineData(Nova, "maxTokens: 8000|thinking: { budgetTokens: 4000 }", "{ budgetTokens", "model 'global.amazon.nova-2-lite-v1:0' is an Amazon Nova model, which does not take Claude's thinking setting")]
    [InlineData(Haiku45, "maxTokens: 8000|thinking: { used: 2000 }", "{ used", "thinking needs budgetTokens")]
    [InlineData(Haiku45, "maxTokens: 8000|thinking: { type: deep, budgetTokens: 4000 }", "deep", "thinking type should be enabled (with budgetTokens) or adaptive, got 'deep'")]
    [InlineData(Haiku45, "maxTokens: 8000|thinking: { budgetTokens: 4000, effort: high }", "effort", "unknown key 'effort' in 'workloads[0].thinking'")]
    [InlineData(Haiku45, "maxTokens: 8000|thinking: on", "on\n", "thinking should be a mapping")]
    public void Thinking_contradictions_are_refused_at_the_key(string model, string lines, string at, string expected)
        => Refused(model, Text + "|" + lines, at, expected);

    // ---- tools ----

    [Fact]
    public void Tools_read_count_call_rate_definition_and_result_sizes()
    {
        var tools = Load(Haiku45, Text + "|tools: { count: 5, callRate: 0.4, definitionTokens: 220, resultTokens: { mean: 400, p95: 1500 } }").Tools!;

        Assert.Equal((5, 0.4, 220), (tools.Count, tools.CallRate, tools.DefinitionTokens));
        Assert.Equal((400.0, 1500.0), (tools.ResultTokens.Mean, tools.ResultTokens.P95));
    }

    [Fact]
    public void Tool_sizes_default_to_150_tokens_a_definition_and_200_a_result_and_call_rate_takes_a_percentage()
    {
        var tools = Load(Nova, Text + "|api: converse-stream|tools: { count: 64, callRate: 40% }").Tools!;

        Assert.Equal((64, 0.4, 150), (tools.Count, tools.CallRate, tools.DefinitionTokens));
        Assert.Equal(200, tools.ResultTokens.Fixed);
    }

    [Theory]
    [InlineData(Haiku45, "tools: { count: 0, callRate: 0.4 }", "0, callRate", "between 1 and 64")]
    [InlineData(Haiku45, "tools: { count: 65, callRate: 0.4 }", "65", "between 1 and 64")]
    [InlineData(Haiku45, "tools: { count: 3, callRate: 1.5 }", "1.5", "between 0 and 1")]
    [InlineData(Haiku45, "tools: { count: 3 }", "{ count", "needs the key 'callRate'")]
    [InlineData(Haiku45, "tools: 3", "3\n", "tools should be a mapping")]
    [InlineData(Nova, "api: invoke|tools: { count: 3, callRate: 0.4 }", "{ count", "tool use on Nova is modelled through api: converse or converse-stream only")]
    [InlineData(Nova, "api: invoke-stream|tools: { count: 3, callRate: 0.4 }", "{ count", "with api: invoke-stream")]
    [InlineData(Haiku45, "tools: { count: 64, callRate: 0.4, definitionTokens: 3200 }", "{ count", "205,300 input tokens on average (204,800 the tool definitions), over the 200,000-token context window")]
    public void Tool_contradictions_are_refused_at_the_key(string model, string lines, string at, string expected)
        => Refused(model, Text + "|" + lines, at, expected);

    // ---- sessions ----

    [Theory]
    [InlineData("turns: 5", 5.0, 5.0)]
    [InlineData("turns: { fixed: 8 }", 8.0, 8.0)]
    [InlineData("turns: { mean: 5, p95: 12 }", 5.0, 12.0)]
    [InlineData("turns: 1000", 1000.0, 1000.0)]
    public void Turns_take_the_three_token_count_shapes(string turns, double mean, double p95)
    {
        var s = Load(Haiku45, "inputTokens: 50|outputTokens: 50|" + turns).Session!;

        Assert.Equal((mean, p95), (s.Turns.Mean, s.Turns.P95));
        Assert.Equal(TimeSpan.Zero, s.ThinkTime);
        Assert.True(s.CachePoints);
    }

    [Fact]
    public void Think_time_and_cache_points_go_with_turns()
    {
        var s = Load(Haiku45, Text + "|turns: { mean: 5, p95: 12 }|thinkTime: 2s|cachePoints: false").Session!;

        Assert.Equal(TimeSpan.FromSeconds(2), s.ThinkTime);
        Assert.False(s.CachePoints);
    }

    [Theory]
    [InlineData("turns: 0", "0\nscenarios", "between 1 and 1000")]
    [InlineData("turns: 1001", "1001\n", "between 1 and 1000")]
    [InlineData("turns: { mean: 5, p95: 2000 }", "2000", "between 1 and 1000")]
    [InlineData("thinkTime: 2s", "thinkTime", "workload 'agent': 'thinkTime' applies to multi-turn sessions; add turns")]
    [InlineData("cachePoints: false", "cachePoints", "'cachePoints' applies to multi-turn sessions")]
    [InlineData("turns: 5|thinkTime: 2", "2\n", "should be a duration with a unit such as 250ms, 30s, 2m or 1h (for 2 seconds write 2s)")]
    [InlineData("turns: 5|cachePoints: maybe", "maybe", "should be true or false")]
    public void Session_contradictions_are_refused_at_the_key(string lines, string at, string expected)
        => Refused(Haiku45, "inputTokens: 511|outputTokens: 257|" + lines, at, expected);

    [Fact]
    public void A_session_whose_conversation_outgrows_the_context_window_is_refused_at_turns()
    {
        // Turn 101 of 101 resends 100 turns of 1,000 in + 1,000 out, then its own 1,000: 201,000 > 200,000.
        Refused(Haiku45, "inputTokens: 1000|outputTokens: 1000|turns: 101", "101", "reaches 201,000 input tokens by turn 101");

        // One turn fewer fits: 199,000.
        Assert.Equal(100, Load(Haiku45, "inputTokens: 1000|outputTokens: 1000|turns: 100").Session!.Turns.Fixed);
    }

    // ---- embeddings ----

    [Theory]
    [InlineData("", 1.0, 1.0)]
    [InlineData("|texts: 96", 96.0, 96.0)]
    [InlineData("|texts: { fixed: 20 }", 20.0, 20.0)]
    [InlineData("|texts: { mean: 10, p95: 96 }", 10.0, 96.0)]
    public void An_embedding_workload_reads_texts_per_request_and_sends_no_output(string texts, double mean, double p95)
    {
        var w = Load(Cohere, "api: embed|inputTokens: { mean: 300, p95: 900 }" + texts);

        Assert.Equal(ApiKind.Embed, w.Api);
        Assert.Equal((mean, p95), (w.Texts!.Mean, w.Texts.P95));
        Assert.Equal(300, w.InputTokens.Mean);
        Assert.Equal(0, w.OutputTokens.Fixed);
        Assert.Null(w.MaxTokens);
    }

    [Theory]
    [InlineData(Cohere, "api: embed|inputTokens: 300|texts: 97", "97", "sends 97 texts per request, over the 96 texts model 'global.cohere.embed-v4:0' takes in one request")]
    [InlineData(Cohere, "api: embed|inputTokens: 300|texts: { mean: 40, p95: 120 }", "{ mean: 40", "sends a p95 of 120 texts per request, over the 96 texts")]
    [InlineData(Cohere, "api: embed|inputTokens: 300|outputTokens: 10", "outputTokens", "is an embedding workload (api: embed): 'outputTokens' does not apply")]
    [InlineData(Cohere, "api: embed|inputTokens: 300|maxTokens: 100", "maxTokens", "'maxTokens' does not apply")]
    [InlineData(Cohere, "api: embed|inputTokens: 300|thinking: { budgetTokens: 2000 }", "thinking", "'thinking' does not apply")]
    [InlineData(Cohere, "api: embed|inputTokens: 300|tools: { count: 2, callRate: 0.5 }", "tools", "'tools' does not apply")]
    [InlineData(Cohere, "api: embed|inputTokens: 300|turns: 3", "turns", "'turns' does not apply")]
    [InlineData(Cohere, "api: embed|inputTokens: 300|cachedPrefixTokens: 100", "cachedPrefixTokens", "'cachedPrefixTokens' does not apply")]
    [InlineData(Cohere, "api: embed|inputTokens: 200000", "200000", "sends texts of 200,000 tokens on average, over the 128,000-token limit")]
    [InlineData(Cohere, "inputTokens: 300|outputTokens: 10", "global.cohere", "uses embedding model 'global.cohere.embed-v4:0' with api: converse (the default); an embedding model takes only api: embed")]
    [InlineData(Cohere, "api: invoke|inputTokens: 300", "invoke", "with api: invoke; an embedding model takes only api: embed")]
    [InlineData(Haiku45, "api: embed|inputTokens: 300", "embed", "asks for api: embed, but model 'global.anthropic.claude-haiku-4-5-20251001-v1:0' is an Anthropic Claude model, not an embedding model")]
    [InlineData(Nova, "api: embed|inputTokens: 300", "embed", "is an Amazon Nova model, not an embedding model")]
    [InlineData(Haiku45, "inputTokens: 300|outputTokens: 10|texts: 5", "texts", "'texts' (texts per request) applies to api: embed only")]
    [InlineData(Cohere, "api: embed|inputTokens: 333|texts: 0", "0\nscenarios", "between 1 and 10000")]
    public void Embedding_contradictions_are_refused_at_the_key(string model, string lines, string at, string expected)
        => Refused(model, lines, at, expected);

    [Fact]
    public void Embed_is_spelt_embed_both_ways()
    {
        Assert.True(ApiNames.TryParse("embed", out var api));
        Assert.Equal(ApiKind.Embed, api);
        Assert.Equal("embed", ApiKind.Embed.ToText());
        Assert.Contains("embed", ApiNames.All);

        // Invocation logs have no embed operation: an embedding call is logged as InvokeModel.
        Assert.True(ApiNames.TryParseOperation("InvokeModel", out var logged));
        Assert.Equal(ApiKind.Invoke, logged);
    }

    // ---- the model side: models: may say what a model supports ----

    [Fact]
    public void Models_entries_may_set_thinking_support_and_the_texts_limit()
    {
        const string Models = """
            models:
              - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, thinking: [budget, adaptive] }
              - { id: my-embedder, family: cohere-embed, maxTextsPerRequest: 128 }
              - { id: global.anthropic.claude-sonnet-4-6, thinking: none }

            """;

        var adaptive = Load(Haiku45, Text + "|maxTokens: 8000|thinking: { type: adaptive, used: 2000 }", Models);
        Assert.True(adaptive.Thinking!.Adaptive);
        Assert.Equal(120, Load("my-embedder", "api: embed|inputTokens: 300|texts: 120", Models).Texts!.Fixed);

        var e = Fails(Sonnet46, Text + "|maxTokens: 8000|thinking: { budgetTokens: 4000 }", Models);
        Assert.Contains("does not support extended thinking with a budget", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_added_under_models_thinks_only_when_its_id_is_a_claude_one()
    {
        const string Models = "models:\n  - { id: us.amazon.nova-pro-v1:0 }\n  - { id: my.claude-like }\n  - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, family: nova }\n";

        Assert.Equal(4000, Load("my.claude-like", Text + "|maxTokens: 8000|thinking: { budgetTokens: 4000 }", Models).Thinking!.BudgetTokens);
        Assert.Contains("is an Amazon Nova model", Fails("us.amazon.nova-pro-v1:0", Text + "|maxTokens: 8000|thinking: { budgetTokens: 4000 }", Models).Message, StringComparison.Ordinal);
        Assert.Contains("is an Amazon Nova model", Fails(Haiku45, Text + "|maxTokens: 8000|thinking: { budgetTokens: 4000 }", Models).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_thinking_support_value_is_refused_in_models()
    {
        Refused(Haiku45, Text, "deep", "thinking 'deep' is not one of: none, budget, adaptive", "models:\n  - { id: my.model, thinking: [budget, deep] }\n");
    }

    [Fact]
    public void The_catalog_gives_cohere_embed_v4_its_96_texts_and_no_thinking_to_nova_or_cohere()
    {
        Assert.Equal(96, ModelCatalog.Find(Cohere)!.MaxTextsPerRequest);
        Assert.Equal(ThinkingSupport.None, ModelCatalog.Find(Cohere)!.Thinking);
        Assert.Equal(ThinkingSupport.None, ModelCatalog.Find(Nova)!.Thinking);
    }

    // ---- everything together ----

    [Fact]
    public void The_readme_example_of_workload_features_loads_as_it_is_printed()
    {
        var readme = File.ReadAllText(Path.Combine(BadInputCase.Directory, "..", "..", "..", "README.md"));
        var start = readme.IndexOf("```yaml\nworkloads:\n  - name: agent", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has the workload features example");
        var block = readme[(start + "```yaml\n".Length)..readme.IndexOf("```", start + 3, StringComparison.Ordinal)];

        var config = ScenarioConfigLoader.Parse(block + "scenarios:\n  - name: s\n    load:\n      - constant: { rpm: 60, during: 10s }\n", "README.md");

        Assert.Equal(4000, config.Workloads[0].Thinking!.BudgetTokens);
        Assert.Equal(6, config.Workloads[0].Tools!.Count);
        Assert.Equal(15, config.Workloads[0].Session!.Turns.P95);
        Assert.Equal((ApiKind.Embed, 96.0), (config.Workloads[1].Api, config.Workloads[1].Texts!.P95));
    }

    [Fact]
    public void An_agentic_workload_reads_all_its_features_at_once()
    {
        var w = Load(Sonnet46, "api: converse-stream|inputTokens: { mean: 400, p95: 1200 }|outputTokens: { mean: 250, p95: 700 }|maxTokens: 8000|cachedPrefixTokens: 3000"
            + "|thinking: { budgetTokens: 4000, used: { mean: 2000, p95: 3600 } }|tools: { count: 6, callRate: 0.4 }|turns: { mean: 6, p95: 15 }|thinkTime: 5s");

        Assert.Equal((ApiKind.ConverseStream, 8000, 3000), (w.Api, w.MaxTokens, w.CachedPrefixTokens));
        Assert.Equal(4000, w.Thinking!.BudgetTokens);
        Assert.Equal(6, w.Tools!.Count);
        Assert.Equal((6.0, 15.0, TimeSpan.FromSeconds(5), true), (w.Session!.Turns.Mean, w.Session.Turns.P95, w.Session.ThinkTime, w.Session.CachePoints));
    }
}
