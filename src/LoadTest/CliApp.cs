using System.CommandLine;
using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Cli.Commands;

namespace LoadTest.Cli;

/// <summary>
/// The command line: builds the command tree and maps failures to the documented exit codes
/// (0 passed, 99 a gate failed, 2 bad usage or config, 1 the run itself failed or preflight refused a call).
/// </summary>
public static class CliApp
{
    public static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("LoadTest: load tests and capacity plans for Amazon Bedrock cross-Region inference.")
        {
            RunCommand.Create(stdout, stderr),
            EmulatorCommand.Create(stdout, stderr),
            PlanCommand.Create(stdout, stderr),
            ReportCommand.Create(stdout, stderr),
            GateCommand.Create(stdout, stderr),
            CompareCommand.Create(stdout, stderr),
            ImportCommand.Create(stdout, stderr),
            PreflightCommand.Create(stdout, stderr),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot(stdout, stderr);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync("error: " + error.Message);
            }

            await stderr.WriteLineAsync("Run 'loadtest --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            if (parsed.CommandResult.Command.Name == "run")
            {
                // `run` handles SIGINT/SIGTERM itself (stop, drain, write; a second Ctrl-C quits at
                // once). System.CommandLine's handler would end the process 2 s after the first
                // Ctrl-C, cutting the drain short.
                invocation.ProcessTerminationTimeout = null;
            }

            return await parsed.InvokeAsync(invocation);
        }
        catch (ConfigException e)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("cancelled");
            return ExitCodes.RunFailed;
        }
    }
}
