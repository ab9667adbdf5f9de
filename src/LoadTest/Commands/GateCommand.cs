using System.CommandLine;

namespace LoadTest.Cli.Commands;

/// <summary>`loadtest gate` (placeholder until its issue lands).</summary>
public static class GateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("gate", "not implemented yet");
        command.SetAction(_ =>
        {
            stderr.WriteLine("loadtest gate is not implemented yet");
            return ExitCodes.RunFailed;
        });
        return command;
    }
}
