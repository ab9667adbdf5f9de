using System.CommandLine;
using LoadTest.Reports;
using LoadTest.Scenarios.Config;
using LoadTest.Scenarios.Finishing;
using LoadTest.Scenarios.Output;
using LoadTest.Results;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest gate DIR [--baseline DIR] [--gate EXPR]...`: re-judges a finished run against its own
/// gates plus any given here and rewrites every output that carries the verdict (the summary file,
/// junit.xml, report.md, report.html) through the same finisher as the engine, so they agree;
/// exits 0 (all passed), 99 (a gate failed) or 2 (bad input).
/// </summary>
public static class GateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("dir") { Description = "Results directory of a finished run" };
        var baseline = new Option<string?>("--baseline") { Description = "Results directory of a baseline run, for gates such as 'p95(ttft) < baseline * 1.10'" };
        var gateOption = new Option<string[]>("--gate") { Description = "A gate expression, e.g. 'p95(ttft){workload:support-chat} < 2s' (repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("gate", "Re-evaluate gates on a finished run; exit 0 passed, 99 a gate failed, 1 the run is partial (killed or cancelled), 2 bad input") { dir, baseline, gateOption };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(dir)!;
            var data = RunReader.Load(directory);
            var run = data.Summary;
            var expressions = run.Gates.Select(g => g.Expression).Concat(parse.GetValue(gateOption) ?? []);
            if (!RunCommand.TryParseGates(expressions, stderr, out var gates, e => $"gate '{e.Expression}', column {e.Column}: {e.Detail}"))
            {
                return ExitCodes.BadInput;
            }

            if (gates.Count == 0)
            {
                stderr.WriteLine("error: the run has no gates and none were given; add --gate EXPR");
                return ExitCodes.BadInput;
            }

            // A step gate on a run that timed no steps could only fail: refused, as `run` refuses it.
            foreach (var gate in gates)
            {
                if (ScenarioSpec.StepGateError(gate, run.Scenario, timesSteps: run.Steps is { Count: > 0 }) is { } stepError)
                {
                    stderr.WriteLine($"error: {directory}: {stepError}");
                    return ExitCodes.BadInput;
                }
            }

            RunSummary? before = null;
            if (parse.GetValue(baseline) is { } baselineDir)
            {
                before = RunReader.LoadSummary(baselineDir);
                if (before.IsPartial)
                {
                    stderr.WriteLine($"warning: the baseline {baselineDir} is a partial run ({before.StopReason ?? "it did not complete"}); gates relative to it compare with partial figures");
                }
            }
            else if (gates.FirstOrDefault(g => g.NeedsBaseline) is { } needs)
            {
                stderr.WriteLine($"error: gate '{needs.Expression}' compares with a baseline; add --baseline DIR");
                return ExitCodes.BadInput;
            }

            var judged = new ResultFinisher(RunReportWriter.Instance).Finish(new ResultsDirectory(directory), run, data.Timeseries, gates, before);
            var results = judged.Gates;
            foreach (var r in results)
            {
                stdout.WriteLine($"{(r.Passed ? "PASS" : "FAIL")}  {r.Expression}  ({r.Message})");
            }

            var failed = results.Count(r => !r.Passed);
            if (judged.IsPartial)
            {
                // Gates judge a whole run: partial figures that pass prove nothing about the rest.
                var line = $"not passed: the run is partial ({judged.StopReason ?? "it did not complete"}); {results.Count - failed} of {results.Count} gates hold on its partial figures";
                stdout.WriteLine(line);
                stderr.WriteLine("error: " + line);
                return ExitCodes.RunFailed;
            }

            stdout.WriteLine(failed == 0
                ? $"all {results.Count} gates passed"
                : $"{failed} of {results.Count} gates failed");
            if (!run.Completed)
            {
                stderr.WriteLine("warning: the run did not complete (" + (run.StopReason ?? "unknown reason") + ")");
            }

            return failed == 0 ? ExitCodes.Passed : ExitCodes.GateFailed;
        });
        return command;
    }
}
