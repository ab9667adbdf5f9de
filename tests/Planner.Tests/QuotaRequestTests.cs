using LoadTest.Planner.Output;
using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Tests;

public sealed class QuotaRequestTests
{
    private static string Render(string model, PlanSettings? settings = null, DeclaredDemand? demand = null)
    {
        var plan = PlanBuilder.FromNumbers(
            model,
            demand ?? new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000, CacheWriteTokens = 2_000 },
            settings ?? new PlanSettings { SkipCurves = true });
        return QuotaRequestWriter.Render(plan);
    }

    [Fact]
    public void Names_each_quota_as_AWS_does_with_current_and_requested_values()
    {
        var md = Render("global.anthropic.claude-sonnet-4-5-20250929-v1:0");

        Assert.Contains("| Global cross-Region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1 | 2,000,000 | 3,700,000 | 3,700,000 |", md, StringComparison.Ordinal);
        Assert.Contains("Global cross-Region model inference requests per minute for Anthropic Claude Sonnet 4.5 V1", md, StringComparison.Ordinal);
        Assert.Contains("Global cross-Region model inference tokens per day for Anthropic Claude Sonnet 4.5 V1", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_arithmetic_step_by_step()
    {
        var md = Render("global.anthropic.claude-sonnet-4-5-20250929-v1:0");

        Assert.Contains("10,000 + 2,000 + 5,000 x 5 = **37,000**", md, StringComparison.Ordinal);
        Assert.Contains("= **3,700,000 TPM**", md, StringComparison.Ordinal);
        Assert.Contains("100 requests per minute", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Gives_the_CLI_commands_in_the_quota_management_region_and_alarms_at_70_and_80_percent()
    {
        var md = Render("global.anthropic.claude-sonnet-4-5-20250929-v1:0", new PlanSettings { SkipCurves = true, QuotaRegion = "ap-south-1" });

        Assert.Contains("aws service-quotas list-service-quotas --service-code bedrock --region ap-south-1", md, StringComparison.Ordinal);
        Assert.Contains("aws service-quotas request-service-quota-increase --service-code bedrock --region ap-south-1", md, StringComparison.Ordinal);
        Assert.Contains("--desired-value 3700000", md, StringComparison.Ordinal);
        Assert.Contains("--threshold 2590000", md, StringComparison.Ordinal);
        Assert.Contains("--threshold 2960000", md, StringComparison.Ordinal);
        Assert.Contains("--metric-name EstimatedTPMQuotaUsage --dimensions Name=ModelId,Value=global.anthropic.claude-sonnet-4-5-20250929-v1:0", md, StringComparison.Ordinal);
        Assert.Contains("`InputTokenCount + OutputTokenCount * 5`", md, StringComparison.Ordinal);
        Assert.Contains("InvocationThrottles", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Geographic_profiles_and_base_models_use_their_own_quota_names()
    {
        var geo = Render("eu.anthropic.claude-sonnet-4-5-20250929-v1:0");
        Assert.Contains("| Cross-Region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1 |", geo, StringComparison.Ordinal);
        Assert.DoesNotContain("Global cross-Region", geo, StringComparison.Ordinal);

        var onDemand = Render("anthropic.claude-sonnet-4-5-20250929-v1:0");
        Assert.Contains("On-demand model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1", onDemand, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quota_that_already_covers_the_plan_gets_no_request()
    {
        var md = Render("global.anthropic.claude-sonnet-4-5-20250929-v1:0", demand: new DeclaredDemand { Rpm = 10, InputTokens = 1_000, OutputTokens = 100 });

        Assert.Contains("no increase is needed", md, StringComparison.Ordinal);
        Assert.DoesNotContain("request-service-quota-increase", md, StringComparison.Ordinal);
    }
}
