using System.CommandLine;

namespace LoadTest.Cli.Commands;

/// <summary>`loadtest compare` (placeholder until its issue lands).</summary>
public static class CompareCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("compare", "not implemented yet");
        command.SetAction(_ =>
        {
            stderr.WriteLine("loadtest compare is not implemented yet");
            return ExitCodes.RunFailed;
        });
        return command;
    }
}
