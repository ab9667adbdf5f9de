using LoadTest.Core.Access;
using static LoadTest.Core.Tests.Access.AwsPolicyTexts;

namespace LoadTest.Core.Tests.Access;

public sealed class GlobalProfileAccessTests
{
    private static AccessPolicySet Set(string policy, params string[] scps)
        => new([PolicyDocument.Parse(policy, "policy.json")], scps.Select((s, i) => PolicyDocument.Parse(s, $"scp{i + 1}.json")).ToList());

    private static BedrockCall Call(string model, BedrockOperation operation = BedrockOperation.Converse) => new(model, operation, Source, Account);

    [Theory]
    [InlineData(BedrockOperation.Converse)]
    [InlineData(BedrockOperation.InvokeModel)]
    public void The_full_three_part_policy_allows_a_global_profile(BedrockOperation operation)
    {
        var verdict = Set(GlobalPolicy()).Authorize(Call(GlobalProfile, operation));

        Assert.True(verdict.Allowed, string.Join("\n", verdict.Refusals.Select(r => r.Reason)));
        Assert.Equal(3, verdict.Checks.Count);
        Assert.Equal(PartSids, verdict.Checks.Select(c => c.Statement!.Sid));
    }

    [Theory]
    [InlineData(0, "the global inference profile arn:aws:bedrock:ap-south-1:111122223333:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0 with aws:RequestedRegion = ap-south-1")]
    [InlineData(1, "the Regional foundation model arn:aws:bedrock:ap-south-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0 with aws:RequestedRegion = ap-south-1 and bedrock:InferenceProfileArn = " + ProfileArn)]
    [InlineData(2, "the global foundation model arn:aws:bedrock:::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0 with aws:RequestedRegion = unspecified and bedrock:InferenceProfileArn = " + ProfileArn)]
    public void Each_part_removed_in_turn_is_refused_naming_that_part(int removed, string label)
    {
        var verdict = Set(GlobalPolicy(without: removed)).Authorize(Call(GlobalProfile));

        Assert.False(verdict.Allowed);
        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal(AccessDecision.NoIdentityAllow, refusal.Decision);
        Assert.Equal(label, refusal.Check.Label);
        Assert.Contains(label, refusal.Reason, StringComparison.Ordinal);
        // The statement to paste grants exactly the missing part.
        Assert.Contains($"\"Resource\": \"{refusal.Check.Resource}\"", refusal.Remedy, StringComparison.Ordinal);
        Assert.Contains("\"Effect\": \"Allow\"", refusal.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Pasting_the_suggested_statement_makes_the_call_pass()
    {
        var refusal = Set(GlobalPolicy(without: 2)).Authorize(Call(GlobalProfile)).FirstRefusal!;
        var statement = refusal.Remedy![(refusal.Remedy!.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        var repaired = new AccessPolicySet(
            [PolicyDocument.Parse(GlobalPolicy(without: 2), "policy.json"), PolicyDocument.Parse($"{{ \"Statement\": {statement} }}", "added.json")], []);

        Assert.True(repaired.Authorize(Call(GlobalProfile)).Allowed);
    }

    [Theory]
    [InlineData(BedrockOperation.ConverseStream)]
    [InlineData(BedrockOperation.InvokeModelWithResponseStream)]
    public void A_streaming_call_under_the_policy_as_the_posts_write_it_is_refused_naming_the_streaming_action(BedrockOperation operation)
    {
        var verdict = Set(GlobalPolicy()).Authorize(Call(GlobalProfile, operation));

        Assert.False(verdict.Allowed);
        Assert.Equal(3, verdict.Refusals.Count());
        Assert.All(verdict.Refusals, r => Assert.Contains("bedrock:InvokeModelWithResponseStream", r.Reason, StringComparison.Ordinal));
        Assert.Equal("add \"bedrock:InvokeModelWithResponseStream\" to the Action of statement \"GrantGlobalCrisInferenceProfileAccess\" (policy.json:2:1)", verdict.FirstRefusal!.Remedy);

        var streaming = Set(GlobalPolicy(action: "[\"bedrock:InvokeModel\", \"bedrock:InvokeModelWithResponseStream\"]")).Authorize(Call(GlobalProfile, operation));
        Assert.True(streaming.Allowed);
    }

    [Fact]
    public void An_scp_allowing_only_the_source_Region_refuses_the_global_part_and_adding_unspecified_passes()
    {
        var refused = Set(GlobalPolicy(), RegionScp(Source)).Authorize(Call(GlobalProfile));

        var refusal = Assert.Single(refused.Refusals);
        Assert.Equal(AccessDecision.ExplicitDenyInScp, refusal.Decision);
        Assert.Equal("the global foundation model", refusal.Check.Part);
        Assert.Equal($"denied: {refusal.Check.Label}, by statement \"DenyOutsideApprovedRegions\" of the SCP scp1.json:4:5", refusal.Reason);
        Assert.Equal("add \"unspecified\" to StringNotEquals aws:RequestedRegion in statement \"DenyOutsideApprovedRegions\" (scp1.json:9:43): \"aws:RequestedRegion\": [\"ap-south-1\", \"unspecified\"]", refusal.Remedy);

        Assert.True(Set(GlobalPolicy(), RegionScp(Source, "unspecified")).Authorize(Call(GlobalProfile)).Allowed);
    }

    [Fact]
    public void A_Region_scp_without_unspecified_passes_a_geographic_profile_whose_Regions_it_lists_but_not_the_global_one()
    {
        var apacRegions = LoadTest.Core.Models.GeographyRegions.RegionsOf("apac").ToArray();
        var geographic = Set(ApacPolicy, RegionScp(apacRegions)).Authorize(Call(ApacProfile));
        Assert.True(geographic.Allowed, string.Join("\n", geographic.Refusals.Select(r => r.Reason)));
        Assert.DoesNotContain(geographic.Checks, c => c.Check.Context.ValuesOf("aws:RequestedRegion") is ["unspecified"]);

        var global = Set(GlobalPolicy(), RegionScp(apacRegions)).Authorize(Call(GlobalProfile));
        Assert.Equal("the global foundation model", Assert.Single(global.Refusals).Check.Part);
    }

    [Fact]
    public void A_geographic_profile_is_checked_in_every_destination_Region_so_a_source_only_scp_names_the_first_other_Region()
    {
        var verdict = Set(ApacPolicy, RegionScp(Source)).Authorize(Call(ApacProfile));

        Assert.False(verdict.Allowed);
        Assert.Equal("the foundation model in ap-south-2", verdict.FirstRefusal!.Check.Part);
        Assert.Equal(11, verdict.Refusals.Count());
        var remedy = Assert.Single(verdict.Remedies());
        Assert.StartsWith("add \"ap-south-2\", \"ap-southeast-1\", ", remedy, StringComparison.Ordinal);
        Assert.EndsWith("\"ap-northeast-3\", \"ap-east-2\"]", remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_deny_on_unspecified_refuses_global_profiles_even_with_all_three_allows()
    {
        var verdict = Set(GlobalPolicy(), OptOutScp).Authorize(Call(GlobalProfile));

        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal(AccessDecision.ExplicitDenyInScp, refusal.Decision);
        Assert.Equal("DenyGlobalCrossRegionInference", refusal.Statement!.Sid);
        Assert.Contains("the opt-out from global inference profiles", refusal.Remedy, StringComparison.Ordinal);
        Assert.Equal(
            $"User: arn:aws:sts::{Account}:assumed-role/app/session is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:::foundation-model/{Model} with an explicit deny in a service control policy",
            verdict.AccessDeniedMessage($"arn:aws:sts::{Account}:assumed-role/app/session"));

        // The same deny in the identity policy itself refuses too, and geographic profiles still pass.
        var inIdentity = new AccessPolicySet([PolicyDocument.Parse(GlobalPolicy(), "policy.json"), PolicyDocument.Parse(OptOutScp, "deny.json")], []);
        Assert.Equal(AccessDecision.ExplicitDenyInIdentityPolicy, inIdentity.Authorize(Call(GlobalProfile)).FirstRefusal!.Decision);
        Assert.True(Set(ApacPolicy, OptOutScp).Authorize(Call(ApacProfile)).Allowed);
    }

    [Fact]
    public void An_allow_list_scp_is_an_outer_boundary_the_call_must_also_pass()
    {
        const string allowSource = """
            { "Statement": { "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "StringEquals": { "aws:RequestedRegion": "ap-south-1" } } } }
            """;
        var verdict = Set(GlobalPolicy(), allowSource).Authorize(Call(GlobalProfile));

        var refusal = Assert.Single(verdict.Refusals);
        Assert.Equal(AccessDecision.NoScpAllow, refusal.Decision);
        Assert.StartsWith("add \"unspecified\" to StringEquals aws:RequestedRegion in statement 1 (scp1.json:", refusal.Remedy, StringComparison.Ordinal);

        // No SCP at all is no boundary; an allow-list SCP never grants what the identity policy does not.
        Assert.True(Set(GlobalPolicy()).Authorize(Call(GlobalProfile)).Allowed);
        const string fullAccess = """{ "Statement": { "Effect": "Allow", "Action": "*", "Resource": "*" } }""";
        Assert.Equal(AccessDecision.NoIdentityAllow, Set(GlobalPolicy(without: 0), fullAccess).Authorize(Call(GlobalProfile)).FirstRefusal!.Decision);
    }

    [Fact]
    public void A_base_model_needs_only_the_foundation_model_in_the_source_Region()
    {
        const string policy = """
            { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "bedrock:InvokeModel",
              "Resource": "arn:aws:bedrock:ap-south-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0" } ] }
            """;
        var verdict = Set(policy, RegionScp(Source)).Authorize(Call(Model));

        Assert.True(verdict.Allowed);
        Assert.Equal("the foundation model", Assert.Single(verdict.Checks).Check.Part);
    }

    [Fact]
    public void Verdicts_are_cached_per_call()
    {
        var set = Set(GlobalPolicy());
        Assert.Same(set.Authorize(Call(GlobalProfile)), set.Authorize(Call(GlobalProfile)));
    }
}
