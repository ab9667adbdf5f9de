using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Core.Models;

namespace LoadTest.Config.Tests;

/// <summary>`--profile-scope`'s rewrite of a loaded scenarios.yaml: which ID each workload gets and which model entry stands behind it.</summary>
public sealed class ProfileScopeRewriteTests
{
    private const string Haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";

    private static ScenarioConfig Load(string models = "") => ScenarioConfigLoader.Parse($$"""
        target: { kind: emulator, region: ap-south-1 }
        models:
          - { id: global.{{Haiku}}, tpm: 1200000, rpm: 4000, ttft: 350ms }
        {{models}}
        workloads:
          - { name: chat, model: global.{{Haiku}}, api: converse, inputTokens: { fixed: 100 }, outputTokens: { fixed: 10 } }
        scenarios:
          - { name: one, mix: { chat: 1 }, load: [ { constant: { rpm: 60, during: 5s } } ] }
        """);

    [Fact]
    public void Geo_from_ap_south_1_is_the_apac_profile_with_the_configured_global_entrys_quotas_and_speed()
    {
        var config = Load().InProfileScope(ProfileScope.Geographic, "ap-south-1");

        var id = Assert.Single(config.Workloads).Model;
        Assert.Equal("apac." + Haiku, id);
        var model = config.FindModel(id)!;

        // The catalog's own apac entry has half the global quota; the rewrite takes the configured one.
        Assert.Equal(1_200_000, model.Tpm);
        Assert.Equal(4000, model.Rpm);
        Assert.Equal(TimeSpan.FromMilliseconds(350), model.Ttft);
        Assert.Single(config.Models, m => m.Id == id);
    }

    [Theory]
    [InlineData("eu-west-1", ProfileScope.Geographic, "eu." + Haiku)]
    [InlineData("us-east-1", ProfileScope.Geographic, "us." + Haiku)]
    [InlineData("ap-northeast-1", ProfileScope.Geographic, "apac." + Haiku)]
    [InlineData("ap-south-1", ProfileScope.SourceRegion, Haiku)]
    [InlineData("ap-south-1", ProfileScope.Global, "global." + Haiku)]
    public void Each_scope_names_the_same_base_model(string region, ProfileScope scope, string expected)
        => Assert.Equal(expected, Assert.Single(Load().InProfileScope(scope, region).Workloads).Model);

    [Fact]
    public void An_entry_models_lists_for_the_rewritten_ID_is_used_as_written()
    {
        var config = Load($"  - {{ id: apac.{Haiku}, tpm: 300000, rpm: 500 }}").InProfileScope(ProfileScope.Geographic, "ap-south-1");

        var model = config.FindModel("apac." + Haiku)!;
        Assert.Equal(300_000, model.Tpm);
        Assert.Equal(500, model.Rpm);
    }

    [Fact]
    public void Geo_from_a_Region_outside_every_geography_is_refused_with_what_to_use_instead()
    {
        var e = Assert.Throws<ConfigException>(() => Load().InProfileScope(ProfileScope.Geographic, "sa-east-1"));

        Assert.Contains("sa-east-1", e.Message, StringComparison.Ordinal);
        Assert.Contains("use global or base", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prices_are_global_rates_and_the_geographic_and_in_Region_profiles_cost_10_percent_more()
    {
        var config = Load();
        var global = PriceSettings.Default.PriceOf(config.FindModel("global." + Haiku)!);
        var geo = PriceSettings.Default.PriceOf(config.InProfileScope(ProfileScope.Geographic, "ap-south-1").FindModel("apac." + Haiku)!);
        var inRegion = PriceSettings.Default.PriceOf(config.InProfileScope(ProfileScope.SourceRegion, "ap-south-1").FindModel(Haiku)!);

        // Haiku 4.5 at global prices: $1 in, $5 out per 1M; cache write 1.25x, cache read 0.1x the input price.
        Assert.Equal(new TokenPrice(1m, 5m, 1.25m, 0.1m), global);
        Assert.Equal(1.1m, geo.InputPerMillion);
        Assert.Equal(5.5m, geo.OutputPerMillion);
        Assert.Equal(geo, inRegion);
        Assert.Equal(0.0035m, global.Usd(1000, 0, 0, 500));
    }
}
