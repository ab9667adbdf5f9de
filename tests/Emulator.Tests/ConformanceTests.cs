using System.Diagnostics;
using System.Text;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// Runs the official AWS SDK for JavaScript v3 (tests/conformance, `node --test`) against an
/// in-process emulator over HTTP/1.1 and h2c. If node_modules is missing the test installs it
/// with `npm ci`; without node or npm it fails saying so.
/// </summary>
public sealed class ConformanceTests
{
    internal const string Arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/conformance1";

    internal const string Yaml = """
        models:
          - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
            tpm: 1000000000
            rpm: 1000000
          - id: us.anthropic.claude-haiku-4-5-20251001-v1:0
            rpm: 3
          - id: arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/conformance1
            target: global.anthropic.claude-haiku-4-5-20251001-v1:0
        emulator:
          sourceRegion: us-east-1
          latencyScale: 0.05
        """;

    [Fact]
    public async Task The_official_JavaScript_SDK_passes_every_case_over_HTTP1_and_h2c()
    {
        var dir = Path.Combine(TestEmulator.RepositoryRoot(), "tests", "conformance");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "@aws-sdk", "client-bedrock-runtime")))
        {
            var (code, output) = await RunAsync("npm", "ci --no-audit --no-fund", dir, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"`npm ci` in {dir} failed (exit {code}); the conformance test needs the npm registry once:\n{output}");
        }

        await using var emu = await TestEmulator.StartAsync(Yaml);
        var env = new Dictionary<string, string>
        {
            ["EMULATOR_HTTP1"] = emu.Http1Url.ToString().TrimEnd('/'),
            ["EMULATOR_H2C"] = emu.Http2Url!.ToString().TrimEnd('/'),
            ["EMULATOR_APP_PROFILE"] = Arn,
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOADTESTDUMMY",
            ["AWS_SECRET_ACCESS_KEY"] = "loadtest-dummy-secret",
            ["AWS_REGION"] = "us-east-1",
        };
        var (exit, log) = await RunAsync("node", "--test", dir, env, TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"node --test exited {exit}:\n{log}");
        Assert.Contains("# fail 0", log, StringComparison.Ordinal);
        Assert.Contains("# pass 53", log, StringComparison.Ordinal);
    }

    internal static async Task<(int Exit, string Output)> RunAsync(string file, string args, string dir, IDictionary<string, string> env, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"`{file}` is not installed or not on PATH ({e.Message}); the conformance test needs Node.js 20+ and npm.");
            throw;
        }

        using (process)
        {
            var output = new StringBuilder();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"`{file} {args}` did not finish within {timeout}");
            }

            output.Append(await stdout).Append(await stderr);
            return (process.ExitCode, output.ToString());
        }
    }
}
