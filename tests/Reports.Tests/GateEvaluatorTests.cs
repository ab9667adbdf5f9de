using LoadTest.Scenarios.Gates;
using LoadTest.Results;

namespace LoadTest.Reports.Tests;

public sealed class GateEvaluatorTests
{
    private static readonly RunSummary Run = SyntheticRun.Build().Summary;

    private static GateResult Eval(string expression, RunSummary? baseline = null)
        => GateEvaluator.Evaluate([GateParser.Parse(expression)], Run, baseline).Single();

    [Fact]
    public void Results_are_reported_in_the_unit_the_threshold_was_written_in()
    {
        var seconds = Eval("p95(ttft) < 2s");
        var millis = Eval("p95(ttft) < 2000ms");

        Assert.Equal(Run.TtftMs.P95 / 1000, seconds.Actual!.Value, 9);
        Assert.Equal(2, seconds.Threshold);
        Assert.Equal(Run.TtftMs.P95, millis.Actual!.Value, 9);
        Assert.Equal(2000, millis.Threshold);
    }

    [Fact]
    public void The_spike_throttling_fails_a_one_percent_throttle_gate_and_says_why()
    {
        var result = Eval("throttle_rate < 1%");

        Assert.False(result.Passed);
        Assert.Equal(Run.Rates.ThrottleRate * 100, result.Actual!.Value, 9);
        Assert.Equal(1, result.Threshold);
        Assert.Contains("is not <", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p50(latency) < 60s", true)]
    [InlineData("p50(latency) > 60s", false)]
    [InlineData("max(tpot) <= 61ms", true)]
    [InlineData("p99.9(itl) < 80", false)]
    [InlineData("p99.9(itl) <= 80", true)]
    [InlineData("mean(itl) < 20ms", true)]
    [InlineData("error_rate < 50%", true)]
    [InlineData("dropped == 0", true)]
    [InlineData("dropped < 1%", true)]
    [InlineData("achieved_rpm > 100", true)]
    [InlineData("achieved_rpm > 100000", false)]
    [InlineData("quota_utilization < 50%", false)]
    [InlineData("quota_utilization < 2", true)]
    public void Every_metric_is_read_from_the_summary(string expression, bool passes)
        => Assert.Equal(passes, Eval(expression).Passed);

    [Fact]
    public void Scoped_gates_read_the_workload_or_model_breakdown()
    {
        var chat = Eval("p95(latency){workload:support-chat} < 3600000ms");
        var docs = Eval("p95(latency){workload:doc-summary} < 3600000ms");
        var haiku = Eval($"p95(ttft){{model:{SyntheticRun.HaikuId}}} < 3600000ms");

        Assert.Equal(Run.ByWorkload["support-chat"].LatencyMs.P95, chat.Actual!.Value, 6);
        Assert.Equal(Run.ByWorkload["doc-summary"].LatencyMs.P95, docs.Actual!.Value, 6);
        Assert.Equal(Run.ByModel[SyntheticRun.HaikuId].TtftMs.P95, haiku.Actual!.Value, 6);
    }

    [Fact]
    public void An_unknown_workload_fails_and_lists_the_known_ones()
    {
        var result = Eval("p95(ttft){workload:suport-chat} < 2s");

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Contains("support-chat", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_without_samples_fails_rather_than_passing_by_accident()
    {
        var run = Run with { ItlMs = new Percentiles() };

        var result = GateEvaluator.Evaluate([GateParser.Parse("p95(itl) < 100ms")], run).Single();

        Assert.False(result.Passed);
        Assert.Contains("no inter-token latency", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_gates_compare_with_the_same_metric_of_the_baseline_run()
    {
        var baseline = SyntheticRun.Build().Summary;
        var slower = SyntheticRun.Build(slowdown: 1.25).Summary;

        var same = GateEvaluator.Evaluate([GateParser.Parse("p95(ttft) < baseline * 1.10")], baseline, baseline).Single();
        var regressed = GateEvaluator.Evaluate([GateParser.Parse("p95(ttft) < baseline * 1.10")], slower, baseline).Single();

        Assert.True(same.Passed);
        Assert.False(regressed.Passed);
        Assert.Equal(baseline.TtftMs.P95 * 1.10, regressed.Threshold, 6);
        Assert.Contains("baseline", regressed.Message, StringComparison.Ordinal);
        Assert.Contains("× 1.1", regressed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_baseline_gate_without_a_baseline_fails_with_a_hint()
    {
        var result = Eval("p95(ttft) < baseline * 1.10");

        Assert.False(result.Passed);
        Assert.Contains("--baseline", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_aggregates_can_be_gated_through_the_metrics_interface()
    {
        var gate = GateParser.Parse("error_rate < 5%");

        var healthy = GateEvaluator.Evaluate(gate, new FixedMetrics(0.01));
        var failing = GateEvaluator.Evaluate(gate, new FixedMetrics(0.2));

        Assert.True(healthy.Passed);
        Assert.False(failing.Passed);
        Assert.Equal(20, failing.Actual!.Value, 9);
    }

    private sealed class FixedMetrics(double value) : IGateMetrics
    {
        public bool TryGetValue(GateMetric metric, GateScope scope, out double v, out string reason)
        {
            v = value;
            reason = "";
            return true;
        }
    }
}
