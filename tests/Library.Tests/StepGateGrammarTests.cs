using LoadTest.Scenarios.Gates;

namespace LoadTest.Library.Tests;

/// <summary>The gate grammar's step scope: the long form, the short form, and what a step does not measure.</summary>
public sealed class StepGateGrammarTests
{
    [Theory]
    [InlineData("p95(step:retrieve) < 200ms", GateQuantity.Latency, GateStatistic.P95, 200)]
    [InlineData("p95(latency){step:retrieve} < 200ms", GateQuantity.Latency, GateStatistic.P95, 200)]
    [InlineData("p99(ttft){step:retrieve} <= 1s", GateQuantity.Ttft, GateStatistic.P99, 1000)]
    [InlineData("error_rate{step:retrieve} < 1%", GateQuantity.ErrorRate, GateStatistic.None, 0.01)]
    public void A_step_scope_parses(string expression, GateQuantity quantity, GateStatistic statistic, double threshold)
    {
        var gate = GateParser.Parse(expression);
        Assert.Equal(new GateScope(GateScopeKind.Step, "retrieve"), gate.Scope);
        Assert.Equal(new GateMetric(quantity, statistic), gate.Metric);
        Assert.Equal(threshold, gate.Threshold.Value, 9);
    }

    [Theory]
    [InlineData("throttle_rate{step:retrieve} < 1%", 14)]
    [InlineData("p95(step:retrieve){step:other} < 1s", 19)]
    [InlineData("p95(step:) < 1s", 5)]
    public void A_step_gate_the_summary_cannot_answer_is_refused_at_its_column(string expression, int column)
    {
        var e = Assert.Throws<GateParseException>(() => GateParser.Parse(expression));
        Assert.Equal(column, e.Column);
    }
}
