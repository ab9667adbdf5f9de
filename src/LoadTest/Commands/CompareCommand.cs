using System.CommandLine;
using LoadTest.Reports;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest compare A B`: side-by-side numbers of two runs with deltas (B relative to A). A partial
/// run (killed: rebuilt from its rows; or cancelled) is marked and its deltas are not judged.
/// </summary>
public static class CompareCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var a = new Argument<string>("a") { Description = "Results directory of the first run (the reference)" };
        var b = new Argument<string>("b") { Description = "Results directory of the second run" };
        var markdown = new Option<bool>("--markdown") { Description = "Print a Markdown table (for a PR comment)" };
        var command = new Command("compare", "Compare two runs side by side with deltas") { a, b, markdown };
        command.SetAction(parse =>
        {
            var dirA = parse.GetValue(a)!;
            var dirB = parse.GetValue(b)!;
            var runA = RunReader.LoadSummary(dirA);
            var runB = RunReader.LoadSummary(dirB);
            var rows = RunComparison.Build(runA, runB);
            stdout.Write(RunComparison.Render(new ComparedRun(Label(dirA, runA.Scenario), runA), new ComparedRun(Label(dirB, runB.Scenario), runB), rows, parse.GetValue(markdown)));
            return ExitCodes.Passed;
        });
        return command;
    }

    private static string Label(string dir, string scenario)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
        return string.IsNullOrEmpty(name) ? scenario : name;
    }
}
