namespace LoadTest.Emulator.Tests;

/// <summary>
/// The official AWS SDK for JavaScript v3 (@aws-sdk/client-bedrock and client-bedrock-runtime,
/// tests/conformance/multi-tenant-profiles.mjs) runs AWS's multi-tenant pattern against an
/// in-process emulator that verifies every signature, with the endpoints given only by
/// AWS_ENDPOINT_URL_BEDROCK and AWS_ENDPOINT_URL_BEDROCK_RUNTIME.
/// </summary>
public sealed class ApplicationProfileSdkTests
{
    private const string Yaml = """
        models:
          - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
            tpm: 1000000000
            rpm: 1000000
        emulator:
          sourceRegion: us-east-1
          latencyScale: 0.05
          verifySignature:
            - accessKeyId: AKIDLOADTESTDUMMY
              secretAccessKey: loadtest-dummy-secret
        """;

    [Fact]
    public async Task The_JavaScript_SDK_creates_lists_gets_converses_with_and_deletes_one_profile_per_tenant()
    {
        var dir = Path.Combine(TestEmulator.RepositoryRoot(), "tests", "conformance");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "@aws-sdk", "client-bedrock")))
        {
            var (code, output) = await ConformanceTests.RunAsync("npm", "ci --no-audit --no-fund", dir, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"`npm ci` in {dir} failed (exit {code}); the cross-check needs the npm registry once:\n{output}");
        }

        await using var emu = await TestEmulator.StartAsync(Yaml);
        var env = new Dictionary<string, string>
        {
            // The control-plane client speaks HTTP/1.1, the runtime client h2c: each SDK's own default.
            ["AWS_ENDPOINT_URL_BEDROCK"] = emu.Http1Url.ToString().TrimEnd('/'),
            ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] = emu.Http2Url!.ToString().TrimEnd('/'),
            ["AWS_ACCESS_KEY_ID"] = "AKIDLOADTESTDUMMY",
            ["AWS_SECRET_ACCESS_KEY"] = "loadtest-dummy-secret",
            ["AWS_REGION"] = "us-east-1",
            ["NODE_NO_WARNINGS"] = "1",
        };
        var (exit, log) = await ConformanceTests.RunAsync("node", "--test multi-tenant-profiles.mjs", dir, env, TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"node --test multi-tenant-profiles.mjs exited {exit}:\n{log}");
        Assert.Contains("# pass 1", log, StringComparison.Ordinal);
        Assert.Contains("# fail 0", log, StringComparison.Ordinal);
        // Three tenants' Converse calls served, and the one after the delete refused.
        Assert.Equal(3, emu.Statistics.Succeeded);
        Assert.Equal(1, emu.Statistics.ClientErrors);
    }
}
