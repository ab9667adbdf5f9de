using System.Text.Json;

namespace LoadTest.Cli.Tests;

/// <summary>
/// Application inference profiles tagged per tenant in scenarios.yaml: `loadtest run` against the
/// emulator sends each workload to its tenant's profile ARN, and the summary and both reports show
/// the requests per tenant.
/// </summary>
public sealed class TenantReportTests
{
    private const string Acme = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/acme00000001";
    private const string Globex = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/globex000001";

    private static readonly string Config = $$"""
        target: { kind: emulator, region: us-east-1, retry: { mode: none }, timeout: 10s }
        models:
          - { id: global.anthropic.claude-haiku-4-5-20251001-v1:0, tpm: 100000000, rpm: 100000 }
          - id: {{Acme}}
            target: global.anthropic.claude-haiku-4-5-20251001-v1:0
            tags: { tenant: acme, team: search }
          - id: {{Globex}}
            target: global.anthropic.claude-haiku-4-5-20251001-v1:0
            tags: { tenant: globex }
        emulator:
          sourceRegion: us-east-1
          latencyScale: 0
        workloads:
          - { name: acme-chat, model: "{{Acme}}", api: converse, inputTokens: { fixed: 200 }, outputTokens: { fixed: 20 }, maxTokens: 64 }
          - { name: globex-chat, model: "{{Globex}}", api: converse, inputTokens: { fixed: 200 }, outputTokens: { fixed: 20 }, maxTokens: 64 }
        scenarios:
          - name: tenants
            mix: { acme-chat: 3, globex-chat: 1 }
            load:
              - constant: { rpm: 1200, during: 3s }
        """;

    [Fact]
    public async Task A_run_over_tagged_application_profiles_reports_requests_per_tenant()
    {
        var root = Path.Combine(Path.GetTempPath(), "loadtest-cli-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        var config = Path.Combine(root, "scenarios.yaml");
        await File.WriteAllTextAsync(config, Config);
        var outDir = Path.Combine(root, "out");

        var (exit, _, err) = await CliRun.Run("run", "--config", config, "--scenario", "tenants", "--out", outDir);
        Assert.True(exit == 0, err);

        var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "summary.json"))).RootElement;
        var byTag = summary.GetProperty("byTag");
        var acme = byTag.GetProperty("tenant=acme");
        var globex = byTag.GetProperty("tenant=globex");
        var acmeSent = acme.GetProperty("sent").GetInt64();
        var globexSent = globex.GetProperty("sent").GetInt64();
        Assert.Equal(acmeSent, summary.GetProperty("byModel").GetProperty(Acme).GetProperty("sent").GetInt64());
        Assert.Equal(globexSent, summary.GetProperty("byModel").GetProperty(Globex).GetProperty("sent").GetInt64());
        Assert.Equal(summary.GetProperty("requests").GetProperty("sent").GetInt64(), acmeSent + globexSent);
        Assert.InRange((double)acmeSent / globexSent, 2, 4.5); // the 3:1 mix
        Assert.Equal(acmeSent, byTag.GetProperty("team=search").GetProperty("sent").GetInt64());
        Assert.Equal(acmeSent, acme.GetProperty("succeeded").GetInt64());
        Assert.Equal("acme", summary.GetProperty("profileTags").GetProperty(Acme).GetProperty("tenant").GetString());

        var markdown = await File.ReadAllTextAsync(Path.Combine(outDir, "report.md"));
        Assert.Contains("### Per tenant", markdown, StringComparison.Ordinal);
        Assert.Contains($"| `acme` | {acmeSent:N0} |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| `globex` | {globexSent:N0} |", markdown, StringComparison.Ordinal);
        Assert.Contains("### Per team", markdown, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
        Assert.Contains("<th>tenant</th>", html, StringComparison.Ordinal);
        Assert.Contains("<code>globex</code>", html, StringComparison.Ordinal);
    }
}
