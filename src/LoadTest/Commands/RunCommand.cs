using System.CommandLine;

namespace LoadTest.Cli.Commands;

/// <summary>`loadtest run` (placeholder until its issue lands).</summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("run", "not implemented yet");
        command.SetAction(_ =>
        {
            stderr.WriteLine("loadtest run is not implemented yet");
            return ExitCodes.RunFailed;
        });
        return command;
    }
}
