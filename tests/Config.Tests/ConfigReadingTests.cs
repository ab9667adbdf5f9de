using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Core.Models;

namespace LoadTest.Config.Tests;

public sealed class ConfigReadingTests
{
    [Fact]
    public void Models_override_builtins_by_id_and_keep_unset_keys()
    {
        var root = YamlNodeReader.Load(
            """
            models:
              - id: global.anthropic.claude-haiku-4-5-20251001-v1:0
                tpm: 4000000
                rpm: 4000
                ttft: 400ms
                outputTokensPerSecond: 120
            """,
            "scenarios.yaml");
        var models = ModelsSection.Read(root);
        var haiku = models.Single(m => m.Id == "global.anthropic.claude-haiku-4-5-20251001-v1:0");
        Assert.Equal(4_000_000, haiku.Tpm);
        Assert.Equal(4_000, haiku.Rpm);
        Assert.Equal(TimeSpan.FromMilliseconds(400), haiku.Ttft);
        Assert.Equal(5, haiku.Burndown);
        Assert.Equal(4_000_000L * 1440, haiku.Limits.TokensPerDay);
        Assert.Equal("Anthropic Claude Haiku 4.5", haiku.DisplayName);
        Assert.Contains(models, m => m.Id == "eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    [Fact]
    public void A_bad_value_names_file_line_column_and_what_was_expected()
    {
        var root = YamlNodeReader.Load(
            """
            models:
              - id: global.anthropic.claude-sonnet-4-6
                tpm: lots
            """,
            "scenarios.yaml");
        var e = Assert.Throws<ConfigException>(() => ModelsSection.Read(root));
        Assert.Equal("scenarios.yaml", e.File);
        Assert.Equal(3, e.Line);
        Assert.Equal(10, e.Column);
        Assert.Contains("whole number", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("scenarios.yaml:3:10:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_reported_at_the_key()
    {
        var root = YamlNodeReader.Load("models:\n  - id: x.y\n    tmp: 5\n", "s.yaml");
        var e = Assert.Throws<ConfigException>(() => ModelsSection.Read(root));
        Assert.Equal(3, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Contains("unknown key 'tmp'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_models_family_is_inferred_from_a_new_ID_and_can_be_overridden()
    {
        var root = YamlNodeReader.Load("""
            models:
              - id: us.amazon.nova-pro-v1:0
              - id: my-embedder
                family: cohere-embed
              - id: global.cohere.embed-v4:0
                tpm: 500000
            """,
            "scenarios.yaml");
        var models = ModelsSection.Read(root);
        Assert.Equal(LoadTest.Core.Models.ModelFamily.AmazonNova, models.Single(m => m.Id == "us.amazon.nova-pro-v1:0").Family);
        Assert.Equal(LoadTest.Core.Models.ModelFamily.CohereEmbed, models.Single(m => m.Id == "my-embedder").Family);
        var embed = models.Single(m => m.Id == "global.cohere.embed-v4:0");
        Assert.Equal(LoadTest.Core.Models.ModelFamily.CohereEmbed, embed.Family);
        Assert.Equal(500_000, embed.Tpm);
        Assert.Equal(LoadTest.Core.Models.ModelFamily.AmazonNova, models.Single(m => m.Id == "global.amazon.nova-2-lite-v1:0").Family);
    }

    [Fact]
    public void Broken_yaml_is_a_config_error_with_position()
    {
        var e = Assert.Throws<ConfigException>(() => YamlNodeReader.Load("models: [\n  - id: a\n", "s.yaml"));
        Assert.Equal("s.yaml", e.File);
        Assert.True(e.Line >= 2);
    }

    [Fact]
    public void Application_profile_needs_a_target()
    {
        var root = YamlNodeReader.Load("models:\n  - id: arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc\n", "s.yaml");
        var e = Assert.Throws<ConfigException>(() => ModelsSection.Read(root));
        Assert.Contains("target", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("global.anthropic.claude-sonnet-4-6", ProfileScope.Global, null)]
    [InlineData("eu.anthropic.claude-sonnet-4-6", ProfileScope.Geographic, "eu")]
    [InlineData("apac.anthropic.claude-sonnet-4-6", ProfileScope.Geographic, "apac")]
    [InlineData("anthropic.claude-sonnet-4-6", ProfileScope.SourceRegion, null)]
    [InlineData("arn:aws:bedrock:us-east-1:1:application-inference-profile/x", ProfileScope.Application, null)]
    public void Profile_ids_parse_to_their_scope(string id, ProfileScope scope, string? geography)
    {
        var p = InferenceProfileId.Parse(id);
        Assert.Equal(scope, p.Scope);
        Assert.Equal(geography, p.Geography);
    }

    [Theory]
    [InlineData("250ms", 0.25)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1.5h", 5400)]
    [InlineData("0", 0)]
    public void Durations_parse(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var d));
        Assert.Equal(seconds, d.TotalSeconds, precision: 6);
    }

    [Theory]
    [InlineData("45")]
    [InlineData("5")]
    [InlineData("-5s")]
    [InlineData("5 fortnights")]
    [InlineData("1e300s")]
    [InlineData("NaNs")]
    [InlineData("")]
    public void Durations_without_a_unit_or_out_of_range_are_refused(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Fact]
    public void A_bare_number_of_seconds_is_told_how_to_write_it()
    {
        Assert.Contains("for 5 seconds write 5s", DurationText.Expected("5"), StringComparison.Ordinal);
    }

    [Fact]
    public void Token_counting_and_steering_are_deterministic()
    {
        Assert.Equal(0, TokenCounting.Count(""));
        Assert.Equal(1, TokenCounting.Count("abc"));
        Assert.Equal(2, TokenCounting.Count("abcde"));
        Assert.Equal(300, OutputSteering.FromText("hello " + OutputSteering.Marker(300) + " more"));
        Assert.Null(OutputSteering.FromText("no marker"));
        Assert.Equal(42, OutputSteering.FromMetadata(new Dictionary<string, string> { [OutputSteering.MetadataKey] = "42" }));
    }

    [Theory]
    [InlineData("Converse", ApiKind.Converse)]
    [InlineData("ConverseStream", ApiKind.ConverseStream)]
    [InlineData("InvokeModel", ApiKind.Invoke)]
    [InlineData("InvokeModelWithResponseStream", ApiKind.InvokeStream)]
    public void Bedrock_operation_names_map_to_the_workload_api(string operation, ApiKind api)
    {
        Assert.True(ApiNames.TryParseOperation(operation, out var parsed));
        Assert.Equal(api, parsed);
    }

    [Theory]
    [InlineData("CountTokens")]
    [InlineData("converse")]
    [InlineData("")]
    public void Other_operations_have_no_workload_api(string operation)
        => Assert.False(ApiNames.TryParseOperation(operation, out _));

    [Fact]
    public void The_config_says_which_models_it_lists_apart_from_the_catalog()
    {
        var config = ScenarioConfigLoader.Parse("models:\n  - id: global.anthropic.claude-haiku-4-5-20251001-v1:0\n    tpm: 5\n  - id: my.model\n");
        Assert.Equal(["global.anthropic.claude-haiku-4-5-20251001-v1:0", "my.model"], config.ListedModelIds);
        Assert.Contains(config.Models, m => m.Id == "global.anthropic.claude-sonnet-4-6");
        Assert.Empty(ScenarioConfigLoader.Parse("emulator: { seed: 2 }").ListedModelIds);
    }
}
