using LoadTest.Core.Models;
using LoadTest.Core.Quotas;

namespace LoadTest.Core.Tests;

/// <summary>The built-in catalog: every family with the profiles AWS publishes for it, its limits and its burndown.</summary>
public sealed class ModelCatalogTests
{
    [Theory]
    [InlineData("global.amazon.nova-2-lite-v1:0", ModelFamily.AmazonNova, 65_535, 1_000_000)]
    [InlineData("us.amazon.nova-2-lite-v1:0", ModelFamily.AmazonNova, 65_535, 1_000_000)]
    [InlineData("eu.amazon.nova-2-lite-v1:0", ModelFamily.AmazonNova, 65_535, 1_000_000)]
    [InlineData("apac.amazon.nova-2-lite-v1:0", ModelFamily.AmazonNova, 65_535, 1_000_000)]
    [InlineData("jp.amazon.nova-2-lite-v1:0", ModelFamily.AmazonNova, 65_535, 1_000_000)]
    [InlineData("amazon.nova-2-lite-v1:0", ModelFamily.AmazonNova, 65_535, 1_000_000)]
    [InlineData("global.cohere.embed-v4:0", ModelFamily.CohereEmbed, 0, 128_000)]
    [InlineData("us.cohere.embed-v4:0", ModelFamily.CohereEmbed, 0, 128_000)]
    [InlineData("eu.cohere.embed-v4:0", ModelFamily.CohereEmbed, 0, 128_000)]
    [InlineData("apac.cohere.embed-v4:0", ModelFamily.CohereEmbed, 0, 128_000)]
    [InlineData("cohere.embed-v4:0", ModelFamily.CohereEmbed, 0, 128_000)]
    [InlineData("global.anthropic.claude-opus-4-6-v1", ModelFamily.AnthropicClaude, 128_000, 200_000)]
    public void Each_published_profile_is_built_in_with_its_family_and_limits(string id, ModelFamily family, int maxOutput, int context)
    {
        var spec = ModelCatalog.Find(id);
        Assert.NotNull(spec);
        Assert.Equal(family, spec.Family);
        Assert.Equal(maxOutput, spec.MaxOutputTokens);
        Assert.Equal(context, spec.ContextWindow);
        Assert.Equal(family, ModelCatalog.FamilyOf(id));
    }

    [Theory]
    [InlineData("au.amazon.nova-2-lite-v1:0")]
    [InlineData("jp.cohere.embed-v4:0")]
    public void A_profile_AWS_does_not_publish_is_not_built_in(string id) => Assert.Null(ModelCatalog.Find(id));

    [Fact]
    public void Nova_and_Cohere_burn_down_at_1_and_Claude_at_5()
    {
        Assert.Equal(1, ModelCatalog.Find("global.amazon.nova-2-lite-v1:0")!.Burndown);
        Assert.Equal(1, ModelCatalog.Find("global.cohere.embed-v4:0")!.Burndown);
        Assert.Equal(5, ModelCatalog.Find("global.anthropic.claude-sonnet-4-6")!.Burndown);
        // 1,000 in + 500 out on Nova: 1,500 quota tokens, not 3,500.
        Assert.Equal(1_500, QuotaCost.Consumed(1_000, 0, 500, ModelCatalog.Find("global.amazon.nova-2-lite-v1:0")!.Burndown));
    }

    [Fact]
    public void Geographic_profiles_hold_half_the_global_quota_and_the_base_model_a_quarter()
    {
        var global = ModelCatalog.Find("global.amazon.nova-2-lite-v1:0")!;
        Assert.Equal(global.Tpm / 2, ModelCatalog.Find("eu.amazon.nova-2-lite-v1:0")!.Tpm);
        Assert.Equal(global.Tpm / 4, ModelCatalog.Find("amazon.nova-2-lite-v1:0")!.Tpm);
        Assert.Equal(0m, ModelCatalog.Find("global.cohere.embed-v4:0")!.OutputPricePerMillion);
    }

    [Theory]
    [InlineData("amazon.nova-pro-v1:0", ModelFamily.AmazonNova)]
    [InlineData("us.cohere.embed-english-v3", ModelFamily.CohereEmbed)]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc", ModelFamily.AnthropicClaude)]
    [InlineData("meta.llama3-70b-instruct-v1:0", ModelFamily.AnthropicClaude)]
    public void The_family_of_an_unlisted_ID_follows_its_provider_prefix(string id, ModelFamily family) => Assert.Equal(family, ModelCatalog.FamilyOf(id));
}
