using System.CommandLine;

namespace LoadTest.Cli.Commands;

/// <summary>`loadtest report` (placeholder until its issue lands).</summary>
public static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("report", "not implemented yet");
        command.SetAction(_ =>
        {
            stderr.WriteLine("loadtest report is not implemented yet");
            return ExitCodes.RunFailed;
        });
        return command;
    }
}
