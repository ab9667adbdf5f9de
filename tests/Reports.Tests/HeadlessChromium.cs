using System.Diagnostics;

namespace LoadTest.Reports.Tests;

/// <summary>
/// Drives Debian's chromium headless: --dump-dom returns the DOM after the page's scripts ran;
/// --screenshot writes a PNG. No network: the report is a file:// URL. On a fresh machine without
/// it, the first use installs Debian's chromium package (as root, or with sudo), so the README's
/// test command needs no separate setup step.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private static readonly Lazy<Task<string>> Installed = new(FindOrInstallAsync);

    private static Task<string> Executable => Installed.Value;

    private static async Task<string> FindOrInstallAsync()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } custom)
        {
            return custom;
        }

        if (Candidates.FirstOrDefault(File.Exists) is { } found)
        {
            return found;
        }

        const string Install = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium";
        var script = Environment.UserName == "root" ? Install : $"sudo -n sh -c '{Install}'";
        var start = new ProcessStartInfo("sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sh to install chromium");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(deadline.Token);
        return Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"headless Chromium not found, and `{script}` did not install it (exit {process.ExitCode}); install it with apt-get install -y chromium, or set CHROMIUM=/path:\n{await output}\n{await errors}");
    }

    public static async Task<string> DumpDomAsync(string htmlFile) => await RunAsync(htmlFile, "--dump-dom");

    public static async Task ScreenshotAsync(string htmlFile, string pngFile, int width = 1360, int height = 3600)
        => await RunAsync(htmlFile, $"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static async Task<string> RunAsync(string htmlFile, params string[] extra)
    {
        var profile = Directory.CreateTempSubdirectory("loadtest-chromium-");
        try
        {
            var start = new ProcessStartInfo(await Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
            }.Concat(extra))
            {
                start.ArgumentList.Add(arg);
            }

            start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start chromium");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("headless chromium did not finish within 90 s");
            }

            var output = await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await stderr}");
            }

            return output;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be flushing its profile; a leftover temp folder is harmless.
            }
        }
    }
}
