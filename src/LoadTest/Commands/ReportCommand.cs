using System.CommandLine;
using LoadTest.Reports;
using LoadTest.Results;

namespace LoadTest.Cli.Commands;

/// <summary>`loadtest report DIR`: regenerates report.html, report.md and junit.xml from a run's data files.</summary>
public static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("dir") { Description = $"Results directory of a run (holds {ResultsDirectory.SummaryFile} and {ResultsDirectory.TimeseriesFile})" };
        var command = new Command("report", "Regenerate every report of a finished run from its data files") { dir };
        command.SetAction(parse =>
        {
            var written = ReportWriter.Regenerate(parse.GetValue(dir)!);
            foreach (var path in written)
            {
                stdout.WriteLine("wrote " + path);
            }

            return ExitCodes.Passed;
        });
        return command;
    }
}
