using LoadTest.Scenarios.Config;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Scenarios.Gates;

namespace LoadTest.Reports.Tests;

public sealed class GateParserTests
{
    [Theory]
    [InlineData("p50(latency) < 800", GateQuantity.Latency, GateStatistic.P50)]
    [InlineData("p90(ttft) < 800", GateQuantity.Ttft, GateStatistic.P90)]
    [InlineData("p95(itl) < 800", GateQuantity.Itl, GateStatistic.P95)]
    [InlineData("p99(tpot) < 800", GateQuantity.Tpot, GateStatistic.P99)]
    [InlineData("p99.9(latency) < 800", GateQuantity.Latency, GateStatistic.P999)]
    [InlineData("max(ttft) < 800", GateQuantity.Ttft, GateStatistic.Max)]
    [InlineData("mean(latency) < 800", GateQuantity.Latency, GateStatistic.Mean)]
    [InlineData("throttle_rate < 0.01", GateQuantity.ThrottleRate, GateStatistic.None)]
    [InlineData("error_rate < 0.01", GateQuantity.ErrorRate, GateStatistic.None)]
    [InlineData("dropped < 10", GateQuantity.Dropped, GateStatistic.None)]
    [InlineData("dropped < 1%", GateQuantity.DroppedRate, GateStatistic.None)]
    [InlineData("achieved_rpm > 100", GateQuantity.AchievedRpm, GateStatistic.None)]
    [InlineData("quota_utilization < 0.8", GateQuantity.QuotaUtilization, GateStatistic.None)]
    [InlineData("p95(ttfvt) < 3s", GateQuantity.Ttfvt, GateStatistic.P95)]
    [InlineData("thinking_share < 0.5", GateQuantity.ThinkingShare, GateStatistic.None)]
    [InlineData("cache_read_share > 60%", GateQuantity.CacheReadShare, GateStatistic.None)]
    [InlineData("tool_calls_per_session <= 4", GateQuantity.ToolCallsPerSession, GateStatistic.None)]
    [InlineData("turns_per_session < 12", GateQuantity.TurnsPerSession, GateStatistic.None)]
    public void Every_metric_parses(string expression, GateQuantity quantity, GateStatistic statistic)
    {
        var gate = GateParser.Parse(expression);

        Assert.Equal(new GateMetric(quantity, statistic), gate.Metric);
        Assert.Equal(GateScope.Run, gate.Scope);
    }

    [Theory]
    [InlineData("p95(ttft) < 2s", 2000, GateUnit.Seconds)]
    [InlineData("p95(ttft) < 1.5 s", 1500, GateUnit.Seconds)]
    [InlineData("p95(ttft) < 250ms", 250, GateUnit.Milliseconds)]
    [InlineData("p95(ttft) < 250", 250, GateUnit.Milliseconds)]
    [InlineData("throttle_rate < 1%", 0.01, GateUnit.Percent)]
    [InlineData("throttle_rate < 0.5%", 0.005, GateUnit.Percent)]
    [InlineData("throttle_rate < 0.01", 0.01, GateUnit.Percent)]
    [InlineData("quota_utilization <= 80%", 0.8, GateUnit.Percent)]
    [InlineData("achieved_rpm >= 1200", 1200, GateUnit.Number)]
    [InlineData("dropped == 0", 0, GateUnit.Number)]
    [InlineData("p95(ttfvt) < 3s", 3000, GateUnit.Seconds)]
    [InlineData("thinking_share < 0.5", 0.5, GateUnit.Percent)]
    [InlineData("cache_read_share > 60%", 0.6, GateUnit.Percent)]
    [InlineData("turns_per_session < 12", 12, GateUnit.Number)]
    public void Units_become_canonical_values(string expression, double canonical, GateUnit unit)
    {
        var gate = GateParser.Parse(expression);

        Assert.Equal(canonical, gate.Threshold.Value, 9);
        Assert.Equal(unit, gate.Unit);
        Assert.False(gate.NeedsBaseline);
    }

    [Theory]
    [InlineData("p95(ttft) < 2s", GateComparison.Less)]
    [InlineData("p95(ttft) <= 2s", GateComparison.LessOrEqual)]
    [InlineData("p95(ttft) > 2s", GateComparison.Greater)]
    [InlineData("p95(ttft) >= 2s", GateComparison.GreaterOrEqual)]
    [InlineData("p95(ttft) == 2s", GateComparison.Equal)]
    [InlineData("p95(ttft) != 2s", GateComparison.NotEqual)]
    [InlineData("p95(ttft)<=2s", GateComparison.LessOrEqual)]
    public void Comparisons_parse(string expression, GateComparison comparison)
        => Assert.Equal(comparison, GateParser.Parse(expression).Comparison);

    [Theory]
    [InlineData(1.0, GateComparison.Less, 2.0, true)]
    [InlineData(2.0, GateComparison.Less, 2.0, false)]
    [InlineData(2.0, GateComparison.LessOrEqual, 2.0, true)]
    [InlineData(3.0, GateComparison.Greater, 2.0, true)]
    [InlineData(2.0, GateComparison.GreaterOrEqual, 2.0, true)]
    [InlineData(1.0, GateComparison.GreaterOrEqual, 2.0, false)]
    [InlineData(0.1 + 0.2, GateComparison.Equal, 0.3, true)]
    [InlineData(0.3, GateComparison.NotEqual, 0.3, false)]
    public void Comparisons_decide(double actual, GateComparison comparison, double threshold, bool passes)
        => Assert.Equal(passes, GateEvaluator.Compare(actual, comparison, threshold));

    [Fact]
    public void Workload_and_model_scopes_parse_including_model_ids_with_colons()
    {
        var workload = GateParser.Parse("p95(ttft){workload:support-chat} < 2s");
        var model = GateParser.Parse("throttle_rate{ model : global.anthropic.claude-haiku-4-5-20251001-v1:0 } < 1%");

        Assert.Equal(new GateScope(GateScopeKind.Workload, "support-chat"), workload.Scope);
        Assert.Equal(new GateScope(GateScopeKind.Model, "global.anthropic.claude-haiku-4-5-20251001-v1:0"), model.Scope);
    }

    [Theory]
    [InlineData("p95(ttft) < baseline * 1.10", 1.10, 0)]
    [InlineData("p95(ttft) < baseline", 1, 0)]
    [InlineData("p95(latency) <= baseline + 200ms", 1, 200)]
    [InlineData("p95(latency) <= baseline + 0.5s", 1, 500)]
    [InlineData("achieved_rpm >= baseline - 50", 1, -50)]
    [InlineData("throttle_rate <= baseline + 1%", 1, 0.01)]
    public void Baseline_thresholds_parse(string expression, double factor, double offset)
    {
        var gate = GateParser.Parse(expression);

        Assert.True(gate.NeedsBaseline);
        Assert.Equal(factor, gate.Threshold.Factor, 9);
        Assert.Equal(offset, gate.Threshold.Offset, 9);
    }

    [Theory]
    [InlineData("", 1, "empty gate")]
    [InlineData("p97(ttft) < 2s", 1, "unknown statistic 'p97'")]
    [InlineData("p95(tft) < 2s", 5, "unknown metric 'tft'")]
    [InlineData("ttft < 2s", 1, "needs a statistic")]
    [InlineData("latency_p95 < 2s", 1, "unknown metric")]
    [InlineData("p95(ttft < 2s", 10, "expected ')'")]
    [InlineData("p95(ttft) < 2x", 14, "unknown unit 'x'")]
    [InlineData("p95(ttft) < 2%", 14, "is a duration")]
    [InlineData("throttle_rate < 2s", 18, "is not a duration")]
    [InlineData("achieved_rpm > 10%", 18, "plain number")]
    [InlineData("turns_per_session > 10%", 23, "count per session")]
    [InlineData("thinking_share < 2s", 19, "is not a duration")]
    [InlineData("ttfvt < 2s", 1, "needs a statistic")]
    [InlineData("p95(ttvft) < 2s", 5, "expected latency, ttft, ttfvt, itl or tpot")]
    [InlineData("p95(ttft) = 2s", 11, "use '=='")]
    [InlineData("p95(ttft) 2s", 11, "expected a comparison")]
    [InlineData("p95(ttft) <", 12, "expected a number")]
    [InlineData("p95(ttft) < fast", 13, "expected a number or 'baseline'")]
    [InlineData("p95(ttft) < 2s please", 16, "unexpected 'please'")]
    [InlineData("p95(ttft){region:eu} < 2s", 11, "unknown scope 'region'")]
    [InlineData("p95(ttft){workload:} < 2s", 20, "expected a workload name")]
    [InlineData("p95(ttft){workload:chat < 2s", 29, "missing '}'")]
    [InlineData("p95(itl){workload:chat} < 50", 9, "not measured per workload")]
    [InlineData("quota_utilization{model:m} < 80%", 18, "not measured per model")]
    [InlineData("p95(ttft) < baseline ^ 2", 22, "after 'baseline'")]
    [InlineData("p95(ttft) < baseline * 1.1s", 27, "plain number")]
    [InlineData("p95(ttft) < 1..2s", 13, "not a number")]
    public void Mistakes_name_the_column(string expression, int column, string detail)
    {
        var e = Assert.Throws<GateParseException>(() => GateParser.Parse(expression));

        Assert.Equal(column, e.Column);
        Assert.Contains(detail, e.Detail, StringComparison.Ordinal);
        Assert.Contains($"column {column}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gate_from_a_file_reports_file_line_and_absolute_column()
    {
        var e = Assert.Throws<ConfigException>(() => GateParser.Parse("p95(ttft) < 2x", "scenarios.yaml", 40, 14));

        Assert.Equal("scenarios.yaml", e.File);
        Assert.Equal(40, e.Line);
        Assert.Equal(14 + 13, e.Column);
        Assert.StartsWith("scenarios.yaml:40:27:", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A scenarios.yaml whose one scenario has the given <c>gates:</c> block (its lines indented by 4 more), starting on line 9.</summary>
    private static IReadOnlyList<Gate> YamlGates(string gates)
    {
        var yaml = """
            workloads:
              - name: chat
                model: global.anthropic.claude-haiku-4-5-20251001-v1:0
                inputTokens: 10
                outputTokens: 10
            scenarios:
              - name: s
                load: [pause: 1s]

            """ + string.Concat(gates.Split('\n').Where(l => l.Length > 0).Select(l => "    " + l + "\n"));
        var config = ScenarioConfigLoader.Parse(yaml, "scenarios.yaml");
        return ScenarioSpec.From(config.Scenarios[0], config.Workloads).Gates;
    }

    private const int GatesLine = 9;

    [Fact]
    public void A_yaml_gate_list_takes_strings_and_mappings_with_abort_on_fail()
    {
        const string yaml = """
            gates:
              - "p95(ttft) < 2s"
              - throttle_rate < 1%
              - expr: error_rate < 5%
                abortOnFail: true
                delayAbortEval: 30s
            """;
        var gates = YamlGates(yaml);

        Assert.Equal(3, gates.Count);
        Assert.Equal("p95(ttft) < 2s", gates[0].Expression);
        Assert.False(gates[1].AbortOnFail);
        Assert.True(gates[2].AbortOnFail);
        Assert.Equal(TimeSpan.FromSeconds(30), gates[2].AbortDelay);
        Assert.Equal(GateQuantity.ErrorRate, gates[2].Metric.Quantity);
    }

    [Theory]
    [InlineData("gates:\n  - \"p95(ttft) < 2x\"\n", 2, 19)]
    [InlineData("gates:\n  - p95(ttft) < 2x\n", 2, 18)]
    [InlineData("gates:\n  - expr: 'p95(tft) < 2s'\n", 2, 16)]
    public void A_malformed_yaml_gate_points_at_the_character_in_the_file(string yaml, int line, int column)
    {
        var e = Assert.Throws<ConfigException>(() => YamlGates(yaml));

        Assert.Equal(line + GatesLine - 1, e.Line);
        Assert.Equal(column + 4, e.Column);
    }

    [Fact]
    public void Unknown_keys_in_a_gate_mapping_are_config_errors()
    {
        var e = Assert.Throws<ConfigException>(() => YamlGates("gates:\n  - expr: error_rate < 1%\n    abortOnFial: true\n"));

        Assert.Contains("abortOnFial", e.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'abortOnFail'?", e.Message, StringComparison.Ordinal);
        Assert.Equal(3 + GatesLine - 1, e.Line);
    }
}
