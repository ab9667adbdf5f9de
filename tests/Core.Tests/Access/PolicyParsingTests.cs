using LoadTest.Core.Access;

namespace LoadTest.Core.Tests.Access;

public sealed class PolicyParsingTests
{
    private static ConfigException Bad(string json) => Assert.Throws<ConfigException>(() => PolicyDocument.Parse(json, "bad.json"));

    [Fact]
    public void Text_that_is_not_JSON_names_the_line_and_column_where_reading_stopped()
    {
        var e = Bad("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ { \"Effect\": \"Allow\" \"Action\": \"*\" } ]\n}");
        Assert.Equal(("bad.json", 3L, 38L), (e.File, e.Line, e.Column));
        Assert.StartsWith("bad.json:3:38: not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]", 1, 1, "expected an IAM policy document")]
    [InlineData("{ \"Version\": \"2012-10-17\" }", 1, 1, "expected \"Statement\"")]
    [InlineData("{ \"Statement\": [] }", 1, 16, "at least one statement")]
    [InlineData("{ \"Statement\": { \"Effect\": \"Permit\", \"Action\": \"*\", \"Resource\": \"*\" } }", 1, 28, "expected \"Effect\": \"Allow\" or \"Deny\", found the string \"Permit\"")]
    [InlineData("{ \"Statement\": { \"Effect\": \"Allow\", \"Action\": \"*\", \"NotAction\": \"s3:*\", \"Resource\": \"*\" } }", 1, 65, "either \"Action\" or \"NotAction\"")]
    [InlineData("{ \"Statement\": { \"Effect\": \"Allow\", \"Resource\": \"*\" } }", 1, 16, "expected \"Action\" or \"NotAction\"")]
    [InlineData("{ \"Statement\": { \"Effect\": \"Allow\", \"Action\": \"*\" } }", 1, 16, "expected \"Resource\" or \"NotResource\"")]
    [InlineData("{ \"Statement\": { \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": { \"StringEqual\": { \"aws:RequestedRegion\": \"x\" } } } }", 1, 84, "unknown condition operator \"StringEqual\"")]
    [InlineData("{ \"Statement\": { \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\" } }", 1, 37, "resource-based policies")]
    [InlineData("{ \"Statement\": { \"Effect\": \"Allow\", \"Action\": 3, \"Resource\": \"*\" } }", 1, 47, "\"Action\" to be a string or an array of strings")]
    [InlineData("{ \"Version\": \"2020-01-01\", \"Statement\": [] }", 1, 14, "expected \"Version\": \"2012-10-17\"")]
    [InlineData("{ \"Statment\": [] }", 1, 3, "unexpected \"Statment\"")]
    public void A_file_that_is_not_an_IAM_policy_names_where_and_what_was_expected(string json, long line, long column, string expected)
    {
        var e = Bad(json);
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statement_may_be_one_object_and_values_strings_or_arrays()
    {
        var doc = PolicyDocument.Parse("""
            { "Statement": { "Sid": "One", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
              "Condition": { "ForAllValues:StringNotLikeIfExists": { "aws:RequestedRegion": ["ap-*", "unspecified"] } } } }
            """, "one.json");

        var statement = Assert.Single(doc.Statements);
        Assert.Equal(("One", PolicyEffect.Deny, true), (statement.Sid, statement.Effect, statement.NotAction));
        var condition = Assert.Single(statement.Conditions);
        Assert.Equal((ConditionOperator.StringNotLike, ConditionSetQualifier.ForAllValues, true), (condition.Operator, condition.Qualifier, condition.IfExists));
        Assert.Equal("ForAllValues:StringNotLikeIfExists", condition.OperatorText);
        Assert.Equal(["ap-*", "unspecified"], condition.Values);
    }
}
