using LoadTest.Core.Access;

namespace LoadTest.Core.Tests.Access;

public sealed class PolicyEvaluationTests
{
    private const string FoundationModel = "arn:aws:bedrock:ap-south-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";

    private static CheckOutcome Evaluate(string statements, string action = "bedrock:InvokeModel", string resource = FoundationModel, params (string, string)[] context)
    {
        var set = new AccessPolicySet([PolicyDocument.Parse($"{{ \"Version\": \"2012-10-17\", \"Statement\": [{statements}] }}", "p.json")], []);
        return set.Evaluate(new AuthorizationCheck("the foundation model", "AllowFoundationModel", action, resource, RequestContext.Of(context)));
    }

    private static bool Allowed(string statements, string action = "bedrock:InvokeModel", string resource = FoundationModel, params (string, string)[] context)
        => Evaluate(statements, action, resource, context).Allowed;

    [Theory]
    [InlineData("bedrock:*", true)]
    [InlineData("BEDROCK:invokemodel", true)]
    [InlineData("bedrock:Invoke*", true)]
    [InlineData("bedrock:InvokeMode?", true)]
    [InlineData("*", true)]
    [InlineData("bedrock:InvokeModelWith*", false)]
    [InlineData("bedrock:Converse", false)]
    [InlineData("s3:*", false)]
    public void Actions_match_without_case_and_with_wildcards(string pattern, bool allowed)
        => Assert.Equal(allowed, Allowed($$"""{ "Effect": "Allow", "Action": "{{pattern}}", "Resource": "*" }"""));

    [Theory]
    [InlineData("arn:aws:bedrock:*::foundation-model/*", "arn:aws:bedrock:::foundation-model/m", true)]
    [InlineData("arn:aws:bedrock:ap-*::foundation-model/*", "arn:aws:bedrock:::foundation-model/m", false)]
    [InlineData("arn:aws:bedrock:ap-south-?::foundation-model/m", "arn:aws:bedrock:ap-south-2::foundation-model/m", true)]
    [InlineData("arn:aws:bedrock:ap-south-1::foundation-model/M", "arn:aws:bedrock:ap-south-1::foundation-model/m", false)]
    [InlineData("arn:aws:bedrock:*:*:inference-profile/global.*", "arn:aws:bedrock:ap-south-1:111122223333:inference-profile/global.m", true)]
    public void Resources_match_with_wildcards_and_case(string pattern, string resource, bool allowed)
        => Assert.Equal(allowed, Allowed($$"""{ "Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "{{pattern}}" }""", resource: resource));

    [Fact]
    public void NotAction_and_NotResource_apply_to_everything_else()
    {
        const string notAction = """{ "Effect": "Allow", "NotAction": ["iam:*", "bedrock:InvokeModelWithResponseStream"], "Resource": "*" }""";
        Assert.True(Allowed(notAction));
        Assert.False(Allowed(notAction, action: "bedrock:InvokeModelWithResponseStream"));

        const string notResource = """{ "Effect": "Allow", "Action": "bedrock:*", "NotResource": "arn:aws:bedrock:::foundation-model/*" }""";
        Assert.True(Allowed(notResource));
        Assert.False(Allowed(notResource, resource: "arn:aws:bedrock:::foundation-model/m"));
    }

    [Fact]
    public void An_explicit_deny_wins_over_any_allow_in_any_order()
    {
        const string allow = """{ "Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*" }""";
        const string deny = """{ "Sid": "NoBedrock", "Effect": "Deny", "Action": "bedrock:Invoke*", "Resource": "arn:aws:bedrock:*" }""";
        foreach (var statements in new[] { allow + "," + deny, deny + "," + allow })
        {
            var outcome = Evaluate(statements);
            Assert.Equal(AccessDecision.ExplicitDenyInIdentityPolicy, outcome.Decision);
            Assert.Equal("NoBedrock", outcome.Statement!.Sid);
        }
    }

    [Fact]
    public void Nothing_allowing_is_an_implicit_deny()
        => Assert.Equal(AccessDecision.NoIdentityAllow, Evaluate("""{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }""").Decision);

    [Fact]
    public void Condition_keys_ignore_case_values_do_not_and_keys_and_operators_are_ANDed_while_values_are_ORed()
    {
        const string statement = """
            { "Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*",
              "Condition": { "StringEquals": { "AWS:REQUESTEDREGION": ["us-east-1", "ap-south-1"] },
                             "StringLike": { "bedrock:InferenceProfileArn": "arn:aws:bedrock:*:*:inference-profile/global.*" } } }
            """;
        const string profile = "arn:aws:bedrock:ap-south-1:111122223333:inference-profile/global.m";
        Assert.True(Allowed(statement, context: [("aws:RequestedRegion", "ap-south-1"), ("bedrock:InferenceProfileArn", profile)]));
        Assert.False(Allowed(statement, context: [("aws:RequestedRegion", "AP-SOUTH-1"), ("bedrock:InferenceProfileArn", profile)]));
        Assert.False(Allowed(statement, context: [("aws:RequestedRegion", "ap-south-1")]));
        Assert.False(Allowed(statement, context: [("aws:RequestedRegion", "eu-west-1"), ("bedrock:InferenceProfileArn", profile)]));
    }

    [Fact]
    public void Absent_keys_pass_negated_operators_and_IfExists_but_fail_positive_ones()
    {
        static string With(string op) => $$"""{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "{{op}}": { "bedrock:InferenceProfileArn": "arn:aws:bedrock:*" } } }""";
        Assert.False(Allowed(With("StringLike")));
        Assert.True(Allowed(With("StringNotLike")));
        Assert.True(Allowed(With("ArnLikeIfExists")));
        Assert.True(Allowed(With("StringEqualsIfExists")));
        Assert.False(Allowed(With("StringEqualsIfExists"), context: ("bedrock:InferenceProfileArn", "other")));
        Assert.False(Allowed(With("ForAnyValue:StringLike")));
        Assert.True(Allowed(With("ForAllValues:StringLike")));
    }

    [Fact]
    public void ForAnyValue_needs_one_request_value_to_match()
    {
        const string statement = """{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "ForAnyValue:StringEquals": { "aws:RequestedRegion": ["unspecified", "ap-south-1"] } } }""";
        Assert.True(Allowed(statement, context: ("aws:RequestedRegion", "unspecified")));
        Assert.False(Allowed(statement, context: ("aws:RequestedRegion", "eu-west-1")));
    }

    [Fact]
    public void IgnoreCase_Null_Bool_and_Arn_operators()
    {
        Assert.True(Allowed("""{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "StringEqualsIgnoreCase": { "aws:RequestedRegion": "AP-SOUTH-1" } } }""",
            context: ("aws:RequestedRegion", "ap-south-1")));
        const string mustBeAbsent = """{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "Null": { "bedrock:InferenceProfileArn": "true" } } }""";
        Assert.True(Allowed(mustBeAbsent));
        Assert.False(Allowed(mustBeAbsent, context: ("bedrock:InferenceProfileArn", "arn:aws:bedrock:x")));
        Assert.True(Allowed("""{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": true } } }""",
            context: ("aws:SecureTransport", "true")));

        // ArnLike matches part by part: a '*' in the Region cannot stand for the account too.
        const string arnLike = """{ "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "ArnLike": { "bedrock:InferenceProfileArn": "arn:aws:bedrock:*:111122223333:inference-profile/*" } } }""";
        Assert.True(Allowed(arnLike, context: ("bedrock:InferenceProfileArn", "arn:aws:bedrock:ap-south-1:111122223333:inference-profile/global.m")));
        Assert.False(Allowed(arnLike, context: ("bedrock:InferenceProfileArn", "arn:aws:bedrock:ap-south-1:999999999999:inference-profile/global.m")));
        Assert.False(Allowed(arnLike, context: ("bedrock:InferenceProfileArn", "arn:aws:bedrock:ap-south-1:111122223333:application-inference-profile/x")));
    }

    [Fact]
    public void A_Region_deny_with_StringNotEqualsIfExists_lets_only_listed_Regions_through()
    {
        const string statements = """
            { "Effect": "Allow", "Action": "*", "Resource": "*" },
            { "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "StringNotEqualsIfExists": { "aws:RequestedRegion": ["ap-south-1", "unspecified"] } } }
            """;
        Assert.True(Allowed(statements, context: ("aws:RequestedRegion", "unspecified")));
        Assert.False(Allowed(statements, context: ("aws:RequestedRegion", "us-east-1")));

        // IfExists holds when the key is absent, so such a deny also catches a request without one.
        Assert.False(Allowed(statements));
    }
}
