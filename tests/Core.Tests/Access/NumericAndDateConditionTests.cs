using LoadTest.Core.Access;
using LoadTest.Core.Models;

namespace LoadTest.Core.Tests.Access;

/// <summary>Numeric and date operators, and access boxed in time through aws:CurrentTime / aws:EpochTime.</summary>
public sealed class NumericAndDateConditionTests
{
    private const string Model = "arn:aws:bedrock:ap-south-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";

    private static bool Holds(string op, string key, string policyValue, string? requestValue)
    {
        var doc = PolicyDocument.Parse($$"""{ "Statement": { "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "{{op}}": { "{{key}}": {{policyValue}} } } } }""", "p.json");
        var context = requestValue is null ? RequestContext.Of() : RequestContext.Of((key, requestValue));
        return new AccessPolicySet([doc], []).Evaluate(new AuthorizationCheck("the model", "Allow", "bedrock:InvokeModel", Model, context)).Allowed;
    }

    [Theory]
    [InlineData("NumericEquals", "\"10\"", "10", true)]
    [InlineData("NumericEquals", "10", "10.0", true)]
    [InlineData("NumericEquals", "10", "11", false)]
    [InlineData("NumericNotEquals", "10", "11", true)]
    [InlineData("NumericNotEquals", "[\"10\", \"11\"]", "11", false)]
    [InlineData("NumericLessThan", "3600", "3599", true)]
    [InlineData("NumericLessThan", "3600", "3600", false)]
    [InlineData("NumericLessThanEquals", "3600", "3600", true)]
    [InlineData("NumericGreaterThan", "-1.5", "0", true)]
    [InlineData("NumericGreaterThanEquals", "5", "4", false)]
    [InlineData("NumericLessThan", "3600", "soon", false)]
    public void Numeric_operators_compare_as_numbers(string op, string policyValue, string requestValue, bool holds)
        => Assert.Equal(holds, Holds(op, "aws:MultiFactorAuthAge", policyValue, requestValue));

    [Theory]
    [InlineData("DateLessThan", "\"2026-12-31T23:59:59Z\"", "2026-12-31T23:59:58Z", true)]
    [InlineData("DateLessThan", "\"2026-12-31T23:59:59Z\"", "2027-01-01T00:00:00Z", false)]
    [InlineData("DateLessThanEquals", "\"2026-12-31\"", "2026-12-31T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "\"2026-11-01T00:00:00+05:30\"", "2026-10-31T18:30:01Z", true)]
    [InlineData("DateGreaterThanEquals", "1798761600", "2027-01-01T00:00:00Z", true)]
    [InlineData("DateEquals", "\"2026-12-31T00:00:00Z\"", "1798675200", true)]
    [InlineData("DateNotEquals", "\"2026-12-31T00:00:00Z\"", "2026-12-31T00:00:01Z", true)]
    [InlineData("DateLessThan", "\"2026-12-31T00:00:00Z\"", "12/30/2026", false)]
    public void Date_operators_compare_ISO_8601_and_epoch_seconds_as_instants(string op, string policyValue, string requestValue, bool holds)
        => Assert.Equal(holds, Holds(op, RequestContext.CurrentTime, policyValue, requestValue));

    [Fact]
    public void An_absent_key_fails_plain_operators_and_passes_negated_and_if_exists_ones()
    {
        Assert.False(Holds("NumericLessThan", "aws:MultiFactorAuthAge", "3600", null));
        Assert.True(Holds("NumericLessThanIfExists", "aws:MultiFactorAuthAge", "3600", null));
        Assert.True(Holds("NumericNotEquals", "aws:MultiFactorAuthAge", "3600", null));
        Assert.False(Holds("DateLessThan", RequestContext.CurrentTime, "\"2026-12-31T00:00:00Z\"", null));
        Assert.True(Holds("DateNotEquals", RequestContext.CurrentTime, "\"2026-12-31T00:00:00Z\"", null));
    }

    [Theory]
    [InlineData("NumericLessThan", "\"an hour\"", 1, 124, "to be a number (e.g. 3600), found \"an hour\"")]
    [InlineData("DateLessThan", "[\"2026-12-31T00:00:00Z\", \"new year\"]", 1, 146, "to be a date (ISO 8601, e.g. 2026-12-31T23:59:59Z, or epoch seconds), found \"new year\"")]
    public void A_value_that_is_no_number_or_date_is_refused_at_its_position(string op, string values, long line, long column, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => PolicyDocument.Parse($$"""{ "Statement": { "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": { "{{op}}": { "aws:CurrentTime": {{values}} } } } }""", "bad.json"));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Access_boxed_in_time_allows_a_global_call_inside_the_window_and_refuses_it_after()
    {
        // The full three-part policy, valid until the end of the launch week; the opt-out deny by
        // epoch time after it (both ways a team writes a time box).
        var doc = PolicyDocument.Parse("""
            { "Version": "2012-10-17", "Statement": [
              { "Sid": "LaunchWeek", "Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "*",
                "Condition": { "DateGreaterThanEquals": { "aws:CurrentTime": "2026-12-01T00:00:00Z" }, "DateLessThan": { "aws:CurrentTime": "2026-12-08T00:00:00Z" } } },
              { "Sid": "AfterLaunch", "Effect": "Deny", "Action": "bedrock:*", "Resource": "*",
                "Condition": { "NumericGreaterThanEquals": { "aws:EpochTime": "1796688000" } } }
            ] }
            """, "timebox.json");
        var set = new AccessPolicySet([doc], []);
        var call = new BedrockCall(ModelCatalog.Find("global.anthropic.claude-haiku-4-5-20251001-v1:0")!.Id, BedrockOperation.Converse, "ap-south-1", "111122223333");
        Assert.True(set.ReadsTime);

        var during = set.Authorize(call, new RequestOrigin(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)));
        var before = set.Authorize(call, new RequestOrigin(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero)));
        var after = set.Authorize(call, new RequestOrigin(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero)));

        Assert.True(during.Allowed);
        Assert.False(before.Allowed);
        Assert.All(before.Checks, c => Assert.Equal(AccessDecision.NoIdentityAllow, c.Decision));
        Assert.False(after.Allowed);
        Assert.All(after.Checks, c => Assert.Equal((AccessDecision.ExplicitDenyInIdentityPolicy, "AfterLaunch"), (c.Decision, c.Statement!.Sid)));

        // With no request time the window's conditions meet an absent key: not allowed. The labels
        // a refusal prints carry the check's own keys, not the time.
        Assert.False(set.Authorize(call).Allowed);
        Assert.DoesNotContain("CurrentTime", after.Checks[0].Check.Label, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_without_time_conditions_gives_the_same_cached_verdict_at_any_time()
    {
        var set = new AccessPolicySet([PolicyDocument.Parse("""{ "Statement": { "Effect": "Allow", "Action": "bedrock:*", "Resource": "*" } }""", "p.json")], []);
        var call = new BedrockCall("global.anthropic.claude-haiku-4-5-20251001-v1:0", BedrockOperation.ConverseStream, "ap-south-1", "111122223333");
        Assert.False(set.ReadsTime);
        Assert.Same(set.Authorize(call), set.Authorize(call, new RequestOrigin(DateTimeOffset.UnixEpoch)));
    }
}
