using System.Globalization;
using CsCheck;
using LoadTest.Scenarios.Gates;

namespace LoadTest.Scenarios.Tests;

/// <summary>
/// Property tests for the gate grammar: every well-formed gate parses to the metric, scope,
/// comparison and threshold it was built from; any other text (grammar pieces in random order,
/// random characters, mutated gates) is either a gate or a <see cref="GateParseException"/> whose
/// column lies inside the text, never another exception and never a hang.
/// </summary>
public sealed class GateGrammarPropertyTests
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(2);

    private static readonly (string Text, GateStatistic Statistic)[] Stats =
        [("p50", GateStatistic.P50), ("p90", GateStatistic.P90), ("p95", GateStatistic.P95), ("p99", GateStatistic.P99), ("p99.9", GateStatistic.P999), ("max", GateStatistic.Max), ("mean", GateStatistic.Mean)];

    private static readonly (string Text, GateQuantity Quantity)[] Distributions =
        [("latency", GateQuantity.Latency), ("ttft", GateQuantity.Ttft), ("itl", GateQuantity.Itl), ("tpot", GateQuantity.Tpot)];

    private static readonly (string Text, GateComparison Comparison)[] Operators =
        [("<", GateComparison.Less), ("<=", GateComparison.LessOrEqual), (">", GateComparison.Greater), (">=", GateComparison.GreaterOrEqual), ("==", GateComparison.Equal), ("!=", GateComparison.NotEqual)];

    private static readonly string[] Pieces =
        ["p95", "p99.9", "max", "(", ")", "ttft", "latency", "throttle_rate", "dropped", "{", "}", "workload", "model", ":", "chat", "<", "<=", ">", "==", "!", "=",
         "1", "0.5", "-3", "1e9", "ms", "s", "%", "baseline", "*", "+", "-", " ", "  ", "\t", ".", "\u00e9", "\"", "NaN", "Infinity"];

    [Fact]
    public void Every_well_formed_latency_gate_parses_to_what_it_was_built_from()
    {
        var gen = Gen.Select(Gen.Int[0, Stats.Length - 1], Gen.Int[0, Distributions.Length - 1], Gen.Int[0, Operators.Length - 1], Gen.Int[0, 100_000], Gen.Bool, Gen.Int[0, 2], Gen.String[Gen.Char.AlphaNumeric, 1, 12]);
        gen.Sample(t =>
        {
            var (stat, dist, op, value, seconds, scopeKind, name) = t;

            // Per workload or model only latency and TTFT distributions are kept (GateParser says so).
            dist = scopeKind == 0 ? dist : dist % 2;
            var scope = scopeKind switch { 1 => "{workload:" + name + "}", 2 => "{model:" + name + "}", _ => "" };
            var number = seconds ? (value / 1000.0).ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
            var expression = $"{Stats[stat].Text}({Distributions[dist].Text}){scope} {Operators[op].Text} {number}{(seconds ? "s" : "ms")}";

            var gate = GateParser.Parse(expression);

            Assert.Equal(new GateMetric(Distributions[dist].Quantity, Stats[stat].Statistic), gate.Metric);
            Assert.Equal(Operators[op].Comparison, gate.Comparison);
            Assert.Equal(value, gate.Threshold.Value, 6);
            Assert.Equal(scopeKind == 0 ? GateScopeKind.Run : scopeKind == 1 ? GateScopeKind.Workload : GateScopeKind.Model, gate.Scope.Kind);
            Assert.Equal(scopeKind == 0 ? "" : name, gate.Scope.Name);
        }, iter: 2000);
    }

    [Fact]
    public void Any_text_is_a_gate_or_a_parse_error_with_a_column_inside_it()
    {
        var soup = Gen.Int[0, Pieces.Length - 1].Array[0, 14].Select(ix => string.Concat(ix.Select(i => Pieces[i])));
        var noise = Gen.String[0, 40];
        var mutated = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 1000], Gen.Char).Select(t =>
        {
            var (which, at, c) = t;
            var valid = new[] { "p95(ttft) < 2s", "throttle_rate{model:claude} <= 1%", "p99(latency) < baseline * 1.1", "dropped < 10", "max(itl) > baseline + 5ms", "achieved_rpm >= 100" }[which];
            var i = at % (valid.Length + 1);
            return (at & 1) == 0 ? valid.Insert(i, c.ToString()) : valid.Remove(Math.Min(i, valid.Length - 1), 1);
        });
        var parsed = 0;
        var refused = 0;
        Gen.OneOf(soup, noise, mutated).Sample(expression =>
        {
            var outcome = Task.Run(() =>
            {
                try
                {
                    GateParser.Parse(expression);
                    return (Gate: true, Column: 0);
                }
                catch (GateParseException e)
                {
                    return (Gate: false, e.Column);
                }
            }).WaitAsync(CaseTimeout).GetAwaiter().GetResult();

            if (outcome.Gate)
            {
                Interlocked.Increment(ref parsed);
            }
            else
            {
                Interlocked.Increment(ref refused);
                Assert.InRange(outcome.Column, 1, expression.Length + 1);
            }
        }, iter: 5000);

        // Both branches are reached: the property is not vacuously true.
        Assert.True(parsed > 100, $"{parsed} parsed");
        Assert.True(refused > 1000, $"{refused} refused");
    }
}
