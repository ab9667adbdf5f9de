using System.CommandLine;

namespace LoadTest.Cli.Commands;

/// <summary>`loadtest emulator` (placeholder until its issue lands).</summary>
public static class EmulatorCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("emulator", "not implemented yet");
        command.SetAction(_ =>
        {
            stderr.WriteLine("loadtest emulator is not implemented yet");
            return ExitCodes.RunFailed;
        });
        return command;
    }
}
