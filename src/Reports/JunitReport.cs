using System.Globalization;
using System.Xml.Linq;
using LoadTest.Results;
using LoadTest.Scenarios.Gates;

namespace LoadTest.Reports;

/// <summary>
/// junit.xml: one test case per gate, so CI systems show each gate as a test. A failed gate's
/// failure message names the gate, the measured value and the threshold. The suite's properties
/// carry the sessions, thinking and cache figures the run had, named as a gate would name them.
/// Each named step of a C# scenario is a test case too, with its figures as properties, failed when
/// a gate on that step failed.
/// </summary>
public static class JunitReport
{
    public const string FileName = "junit.xml";

    public static string Render(RunSummary summary, IReadOnlyList<GateResult> gates)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(gates);
        var cases = new List<XElement>();
        var className = Xml("loadtest.gates." + summary.Scenario);
        foreach (var g in gates)
        {
            var testcase = new XElement("testcase", new XAttribute("classname", className), new XAttribute("name", Xml(g.Expression)), new XAttribute("time", "0"));
            if (!g.Passed)
            {
                var actual = g.Actual is null ? "not measured" : GateDisplay.Value(g.Expression, g.Actual);
                var threshold = GateDisplay.Value(g.Expression, g.Threshold);
                testcase.Add(new XElement(
                    "failure",
                    new XAttribute("message", Xml($"gate {g.Expression} failed: actual {actual}, threshold {threshold}")),
                    new XAttribute("type", "GateFailed"),
                    Xml(g.Message ?? "")));
            }

            cases.Add(testcase);
        }

        cases.AddRange(StepCases(summary, gates));

        // A run that stopped early fails even when its partial numbers pass the gates.
        if (!summary.Completed)
        {
            cases.Add(new XElement(
                "testcase",
                new XAttribute("classname", className),
                new XAttribute("name", "run completed"),
                new XAttribute("time", summary.DurationSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
                new XElement("failure", new XAttribute("message", Xml((summary.IsPartial ? "partial run, not passed: " : "run did not complete: ") + (summary.StopReason ?? "unknown reason"))), new XAttribute("type", "RunIncomplete"))));
        }

        var failures = cases.Count(c => c.Element("failure") is not null);
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", Xml("loadtest " + summary.Scenario)),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", summary.DurationSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
            new XAttribute("timestamp", summary.StartedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            Properties(summary),
            cases);
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", new XAttribute("name", "loadtest"), new XAttribute("tests", cases.Count), new XAttribute("failures", failures), suite));
        return doc.Declaration + "\n" + doc.Root + "\n";
    }

    /// <summary>
    /// One test case per named step (classname loadtest.steps.SCENARIO, time its mean latency): its
    /// runs, outcomes, latency, TTFT and sizes as the summary holds them, and a failure listing the
    /// gates on the step that failed.
    /// </summary>
    private static IEnumerable<XElement> StepCases(RunSummary summary, IReadOnlyList<GateResult> gates)
    {
        if (summary.Steps is not { Count: > 0 } steps)
        {
            yield break;
        }

        var className = Xml("loadtest.steps." + summary.Scenario);
        foreach (var (name, step) in steps.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var properties = new List<(string Name, double? Value)>
            {
                ("runs", step.Count), ("succeeded", step.Succeeded), ("failed", step.Failed), ("timed_out", step.TimedOut), ("error_rate", step.ErrorRate),
                ("p50_latency_ms", step.LatencyMs.P50), ("p95_latency_ms", step.LatencyMs.P95), ("p99_latency_ms", step.LatencyMs.P99),
                ("p95_ttft_ms", step.TtftMs?.P95), ("request_bytes", step.Sizes?.RequestBytes), ("response_bytes", step.Sizes?.ResponseBytes),
            };
            var testcase = new XElement(
                "testcase",
                new XAttribute("classname", className),
                new XAttribute("name", Xml("step " + name)),
                new XAttribute("time", (step.LatencyMs.Mean / 1000).ToString("0.###", CultureInfo.InvariantCulture)),
                new XElement("properties", properties.Where(p => p.Value is not null).Select(p => new XElement("property", new XAttribute("name", p.Name), new XAttribute("value", Math.Round(p.Value!.Value, 4).ToString("0.####", CultureInfo.InvariantCulture))))));
            var failed = gates.Where(g => !g.Passed && StepOf(g) == name).ToList();
            if (failed.Count > 0)
            {
                testcase.Add(new XElement(
                    "failure",
                    new XAttribute("message", Xml($"step {name}: {failed.Count} gate(s) failed: {string.Join("; ", failed.Select(g => g.Expression))}")),
                    new XAttribute("type", "StepGateFailed"),
                    Xml(string.Join("\n", failed.Select(g => g.Message ?? g.Expression)))));
            }

            yield return testcase;
        }
    }

    /// <summary>The step a gate is scoped to, or null (a gate that no longer parses is no step's).</summary>
    private static string? StepOf(GateResult gate)
    {
        try
        {
            return GateParser.Parse(gate.Expression).Scope is { Kind: GateScopeKind.Step } scope ? scope.Name : null;
        }
        catch (GateParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// The run's and each workload's p95(ttfvt), thinking_share, cache_read_share, turns_per_session
    /// and tool_calls_per_session that the summary holds (canonical: ms, fractions, counts), looked up
    /// the way gates look them up; null when it holds none.
    /// </summary>
    private static XElement? Properties(RunSummary summary)
    {
        GateMetric[] metrics =
        [
            new(GateQuantity.Ttfvt, GateStatistic.P95), new(GateQuantity.ThinkingShare), new(GateQuantity.CacheReadShare),
            new(GateQuantity.TurnsPerSession), new(GateQuantity.ToolCallsPerSession),
        ];
        var scopes = new List<GateScope> { GateScope.Run };
        scopes.AddRange(summary.ByWorkload.Where(w => w.Value.Features is not null).Select(w => new GateScope(GateScopeKind.Workload, w.Key)).OrderBy(s => s.Name, StringComparer.Ordinal));
        var lookup = new RunSummaryMetrics(summary);
        var properties = new List<XElement>();
        foreach (var scope in scopes)
        {
            foreach (var metric in metrics)
            {
                // TTFVT alone (a plain run whose target reports it) is TTFT by another name: not worth a property.
                if ((scope.Kind != GateScopeKind.Run || summary.Features is not null) && lookup.TryGetValue(metric, scope, out var value, out _))
                {
                    properties.Add(new XElement("property", new XAttribute("name", Xml(metric + scope.ToString())), new XAttribute("value", Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture))));
                }
            }
        }

        return properties.Count == 0 ? null : new XElement("properties", properties);
    }

    /// <summary>
    /// The text with every character XML 1.0 cannot carry (control characters, lone surrogates)
    /// replaced by U+FFFD, so a name or message from a result file never makes junit.xml unwritable.
    /// </summary>
    internal static string Xml(string text)
    {
        if (!text.Any(c => !System.Xml.XmlConvert.IsXmlChar(c)))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (System.Xml.XmlConvert.IsXmlChar(c))
            {
                sb.Append(c);
            }
            else if (i + 1 < text.Length && System.Xml.XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                sb.Append('\uFFFD');
            }
        }

        return sb.ToString();
    }
}
