namespace LoadTest.Cli.Tests;

/// <summary>Runs `loadtest` in-process (<see cref="CliApp.RunAsync"/>) and captures what it printed.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes <paramref name="yaml"/> to a scenarios file of its own under the temp folder and returns its path.</summary>
    public static async Task<string> ConfigFile(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n") + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }
}
