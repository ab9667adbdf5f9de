using System.Globalization;
using System.Text.Json;
using static LoadTest.Cli.Tests.CliRun;

namespace LoadTest.Cli.Tests;

/// <summary>
/// `loadtest run --profile-scope global|geo` on the same burst, then `loadtest compare`: what a
/// global profile buys when the source geography is full. Both runs go to the in-process emulator.
/// </summary>
public sealed class ProfileScopeRunTests : IDisposable
{
    private const string Haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";

    // About 15 requests a second of 1.3 s each keep some 20 in flight; the two Asia Pacific Regions
    // serve 6 at once, the US and Europe 100 each. No retries, so every 503 is a final answer.
    private const string Config = $$"""
        target: { kind: emulator, region: ap-south-1, retry: { mode: none }, timeout: 20s }
        models:
          - { id: global.{{Haiku}}, tpm: 100000000, rpm: 100000, ttft: 300ms, outputTokensPerSecond: 100 }
        emulator:
          sourceRegion: ap-south-1
          regions: [ap-south-1, ap-northeast-1, us-east-1, eu-west-1]
          regionCapacity: { default: 100, ap-south-1: 4, ap-northeast-1: 2 }
          jitter: 0
        workloads:
          - { name: chat, model: global.{{Haiku}}, api: converse, inputTokens: { fixed: 500 }, outputTokens: { fixed: 100 }, maxTokens: 200 }
        scenarios:
          - name: burst
            mix: { chat: 1 }
            load:
              - constant: { rpm: 900, during: 6s }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("profile-scope-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_same_burst_on_geo_ends_in_503s_where_global_spills_over_out_of_the_geography_and_compare_shows_it()
    {
        var config = Path.Combine(_dir, "scenarios.yaml");
        await File.WriteAllTextAsync(config, Config);
        var geoDir = Path.Combine(_dir, "geo");
        var globalDir = Path.Combine(_dir, "global");

        var geoRun = await Run("run", "--config", config, "--profile-scope", "geo", "--out", geoDir);
        var globalRun = await Run("run", "--config", config, "--profile-scope", "global", "--out", globalDir);

        // The geo run fails some requests (exit 0 or 99 needs some success; 503s are failures, not a broken run).
        Assert.True(geoRun.Exit is ExitCodes.Passed or ExitCodes.GateFailed, geoRun.Err);
        Assert.True(globalRun.Exit == ExitCodes.Passed, globalRun.Err);
        var geo = Summary(geoDir);
        var global = Summary(globalDir);

        Assert.Equal("geo", geo.GetProperty("settings").GetProperty("profileScope").GetString());
        Assert.Equal("global", global.GetProperty("settings").GetProperty("profileScope").GetString());
        Assert.True(geo.GetProperty("byModel").TryGetProperty("apac." + Haiku, out _), "the geo run sends the apac. profile");
        Assert.True(global.GetProperty("byModel").TryGetProperty("global." + Haiku, out _), "the global run sends the global. profile");

        // Geo: only the two Asia Pacific Regions serve, and the rest of the burst is refused with 503.
        var geoRouting = geo.GetProperty("routing");
        var globalRouting = global.GetProperty("routing");
        Assert.All(Regions(geoRouting), r => Assert.Contains(r, new[] { "ap-south-1", "ap-northeast-1" }));
        Assert.True(geoRouting.GetProperty("unavailable").GetInt64() > 0, "the geographic run should meet full Regions");

        // Global: the same burst spills over to the US and Europe and meets fewer 503s.
        Assert.Contains(Regions(globalRouting), r => r is "us-east-1" or "eu-west-1");
        Assert.True(globalRouting.GetProperty("unavailable").GetInt64() < geoRouting.GetProperty("unavailable").GetInt64());
        Assert.True(globalRouting.GetProperty("spillOverShare").GetDouble() > geoRouting.GetProperty("spillOverShare").GetDouble());

        // Every consumed request has the same tokens: geo costs 10 % more per request than global.
        var perRequestGeo = geo.GetProperty("cost").GetProperty("usdPerRequest").GetDecimal();
        var perRequestGlobal = global.GetProperty("cost").GetProperty("usdPerRequest").GetDecimal();
        Assert.InRange(perRequestGeo / perRequestGlobal, 1.099m, 1.101m);

        var (exit, compared, err) = await Run("compare", geoDir, globalDir);
        Assert.True(exit == ExitCodes.Passed, err);
        Assert.Contains("profile scope: A geo, B global", compared, StringComparison.Ordinal);
        var lines = compared.Split('\n');
        string Row(string metric) => lines.Single(l => l.StartsWith(metric + " ", StringComparison.Ordinal));
        Assert.Matches(@"^unavailable \(503\)\s+[1-9][0-9,]*\s+[0-9,]+\s+-", Row("unavailable (503)"));
        Assert.Contains("better", Row("unavailable (503)"), StringComparison.Ordinal);
        Assert.Matches(@"^served in us-east-1\s+0%\s+[1-9]", Row("served in us-east-1"));
        Assert.Contains("ms", Row("p95(ttft) in ap-south-1"), StringComparison.Ordinal);
        Assert.Matches(@"^spill_over_share\s+[0-9.]+%\s+[0-9.]+%", Row("spill_over_share"));
        Assert.Matches(@"^cost USD per 1k requests\s+\$[0-9.]+\s+\$[0-9.]+\s+-\$[0-9.]+\s+-9\.1%\s+better", Row("cost USD per 1k requests"));

        // report.md carries the per-Region table with TTFT and the routing sentence.
        var md = await File.ReadAllTextAsync(Path.Combine(globalDir, "report.md"));
        Assert.Contains("| Region | requests | share | TTFT p50 | TTFT p95 |", md, StringComparison.Ordinal);
        Assert.Contains("| ap-south-1 (source) |", md, StringComparison.Ordinal);
        Assert.Contains("spilled over out of the source Region ap-south-1", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_profile_scope_is_bad_input()
    {
        var config = Path.Combine(_dir, "scenarios.yaml");
        await File.WriteAllTextAsync(config, Config);

        var (exit, _, err) = await Run("run", "--config", config, "--profile-scope", "regional", "--out", Path.Combine(_dir, "x"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--profile-scope should be one of global, geo, base, got 'regional'", err, StringComparison.Ordinal);
    }

    private static JsonElement Summary(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json"))).RootElement;

    private static List<string> Regions(JsonElement routing)
        => routing.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("region").GetString()!).ToList();
}
