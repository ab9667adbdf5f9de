using LoadTest.Core.Access;

namespace LoadTest.Core.Tests.Access;

public sealed class BedrockAuthorizationChecksTests
{
    private const string Model = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    private static IReadOnlyList<AuthorizationCheck> For(string id, BedrockOperation operation = BedrockOperation.Converse, string? underlying = null)
        => BedrockAuthorizationChecks.For(new BedrockCall(id, operation, "ap-south-1", "111122223333", underlying));

    [Fact]
    public void A_global_profile_makes_three_checks_the_last_with_an_unspecified_Region()
    {
        var checks = For("global." + Model, BedrockOperation.ConverseStream);

        Assert.Equal(
            [
                "arn:aws:bedrock:ap-south-1:111122223333:inference-profile/global." + Model,
                "arn:aws:bedrock:ap-south-1::foundation-model/" + Model,
                "arn:aws:bedrock:::foundation-model/" + Model,
            ],
            checks.Select(c => c.Resource));
        Assert.Equal(["ap-south-1", "ap-south-1", "unspecified"], checks.Select(c => c.Context.ValuesOf("aws:requestedregion")![0]));
        Assert.Null(checks[0].Context.ValuesOf("bedrock:InferenceProfileArn"));
        Assert.All(checks.Skip(1), c => Assert.Equal(checks[0].Resource, c.Context.ValuesOf("bedrock:InferenceProfileArn")![0]));
        Assert.All(checks, c => Assert.Equal("bedrock:InvokeModelWithResponseStream", c.Action));
    }

    [Fact]
    public void A_geographic_profile_checks_the_model_in_each_Region_of_its_geography_source_first()
    {
        var checks = For("eu." + Model);

        Assert.Equal("the eu inference profile", checks[0].Part);
        var regions = checks.Skip(1).Select(c => c.Context.ValuesOf("aws:RequestedRegion")![0]).ToList();
        Assert.Equal(LoadTest.Core.Models.GeographyRegions.RegionsOf("eu").Order(), regions.Order());
        Assert.DoesNotContain("unspecified", regions);
        Assert.All(checks.Skip(1), c => Assert.StartsWith($"arn:aws:bedrock:{c.Context.ValuesOf("aws:RequestedRegion")![0]}::foundation-model/", c.Resource, StringComparison.Ordinal));

        var apac = For("apac." + Model);
        Assert.Equal(("the Regional foundation model", "the foundation model in ap-south-2"), (apac[1].Part, apac[2].Part));
        Assert.Equal("AllowFoundationModelApSouth2", apac[2].StatementSid);
    }

    [Fact]
    public void A_base_model_is_one_check_in_the_source_Region_without_a_profile()
    {
        var check = Assert.Single(For(Model, BedrockOperation.InvokeModel));
        Assert.Equal(("arn:aws:bedrock:ap-south-1::foundation-model/" + Model, "bedrock:InvokeModel"), (check.Resource, check.Action));
        Assert.Null(check.Context.ValuesOf("bedrock:InferenceProfileArn"));
    }

    [Fact]
    public void An_application_profile_checks_itself_then_its_source_profiles_models_under_its_own_ARN()
    {
        const string app = "arn:aws:bedrock:ap-south-1:111122223333:application-inference-profile/tenant-a";
        var checks = For(app, underlying: "global." + Model);

        Assert.Equal(["the application inference profile", "the Regional foundation model", "the global foundation model"], checks.Select(c => c.Part));
        Assert.Equal(app, checks[0].Resource);
        Assert.All(checks.Skip(1), c => Assert.Equal(app, c.Context.ValuesOf("bedrock:InferenceProfileArn")![0]));
        Assert.Throws<ArgumentException>(() => For(app));
    }
}
