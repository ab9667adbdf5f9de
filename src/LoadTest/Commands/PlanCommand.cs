using System.CommandLine;

namespace LoadTest.Cli.Commands;

/// <summary>`loadtest plan` (placeholder until its issue lands).</summary>
public static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("plan", "not implemented yet");
        command.SetAction(_ =>
        {
            stderr.WriteLine("loadtest plan is not implemented yet");
            return ExitCodes.RunFailed;
        });
        return command;
    }
}
