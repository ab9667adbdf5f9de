using System.CommandLine;
using LoadTest.Reports;
using LoadTest.Results;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest report DIR`: regenerates report.html, report.md and junit.xml from a run's data files
/// (a killed run's from its rows, <see cref="RunReader"/>), and says when the run is partial.
/// </summary>
public static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("dir") { Description = $"Results directory of a run (holds {ResultsDirectory.SummaryFile} and {ResultsDirectory.TimeseriesFile})" };
        var command = new Command("report", "Regenerate every report of a finished run from its data files") { dir };
        command.SetAction(parse =>
        {
            var run = RunReader.Load(parse.GetValue(dir)!);
            var written = ReportWriter.Regenerate(run);
            foreach (var path in written)
            {
                stdout.WriteLine("wrote " + path);
            }

            if (run.Summary.IsPartial)
            {
                stdout.WriteLine($"partial run, not passed: {run.Summary.StopReason ?? "it did not complete"}");
            }

            return ExitCodes.Passed;
        });
        return command;
    }
}
