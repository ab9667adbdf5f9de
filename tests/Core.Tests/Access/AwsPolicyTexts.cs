namespace LoadTest.Core.Tests.Access;

/// <summary>
/// The policies as AWS's posts on global cross-Region inference write them, placeholders filled
/// for Claude Haiku 4.5 called from ap-south-1 by account 111122223333.
/// </summary>
internal static class AwsPolicyTexts
{
    public const string Account = "111122223333";
    public const string Source = "ap-south-1";
    public const string Model = "anthropic.claude-haiku-4-5-20251001-v1:0";
    public const string GlobalProfile = "global." + Model;
    public const string ApacProfile = "apac." + Model;
    public const string ProfileArn = "arn:aws:bedrock:ap-south-1:111122223333:inference-profile/global." + Model;

    public static readonly string[] PartSids = ["GrantGlobalCrisInferenceProfileAccess", "GrantGlobalCrisRegionalModelAccess", "GrantGlobalCrisGlobalModelAccess"];

    /// <summary>The three statements; <paramref name="without"/> leaves one out (0, 1 or 2).</summary>
    public static string GlobalPolicy(string action = "\"bedrock:InvokeModel\"", int without = -1)
    {
        string[] statements =
        [
            $$"""
            {
              "Sid": "GrantGlobalCrisInferenceProfileAccess",
              "Effect": "Allow",
              "Action": {{action}},
              "Resource": "arn:aws:bedrock:ap-south-1:111122223333:inference-profile/global.{{Model}}",
              "Condition": { "StringEquals": { "aws:RequestedRegion": "ap-south-1" } }
            }
            """,
            $$"""
            {
              "Sid": "GrantGlobalCrisRegionalModelAccess",
              "Effect": "Allow",
              "Action": {{action}},
              "Resource": "arn:aws:bedrock:ap-south-1::foundation-model/{{Model}}",
              "Condition": {
                "StringEquals": {
                  "aws:RequestedRegion": "ap-south-1",
                  "bedrock:InferenceProfileArn": "{{ProfileArn}}"
                }
              }
            }
            """,
            $$"""
            {
              "Sid": "GrantGlobalCrisGlobalModelAccess",
              "Effect": "Allow",
              "Action": {{action}},
              "Resource": "arn:aws:bedrock:::foundation-model/{{Model}}",
              "Condition": {
                "StringEquals": {
                  "aws:RequestedRegion": "unspecified",
                  "bedrock:InferenceProfileArn": "{{ProfileArn}}"
                }
              }
            }
            """,
        ];
        var kept = statements.Where((_, i) => i != without);
        return "{ \"Version\": \"2012-10-17\", \"Statement\": [\n" + string.Join(",\n", kept) + "\n] }";
    }

    /// <summary>A geographic-profile policy: the apac profile and the model in every ap- Region.</summary>
    public const string ApacPolicy = $$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Action": "bedrock:InvokeModel",
              "Resource": "arn:aws:bedrock:ap-south-1:111122223333:inference-profile/apac.{{Model}}" },
            { "Effect": "Allow", "Action": "bedrock:InvokeModel",
              "Resource": "arn:aws:bedrock:ap-*::foundation-model/{{Model}}",
              "Condition": { "StringLike": { "bedrock:InferenceProfileArn": "arn:aws:bedrock:*:111122223333:inference-profile/apac.*" } } }
          ]
        }
        """;

    /// <summary>The Region-restricting SCP of AWS's examples: deny everything outside the listed Regions.</summary>
    public static string RegionScp(params string[] regions) => $$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "DenyOutsideApprovedRegions",
              "Effect": "Deny",
              "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*"],
              "Resource": "*",
              "Condition": { "StringNotEquals": { "aws:RequestedRegion": [{{string.Join(", ", regions.Select(r => "\"" + r + "\""))}}] } }
            }
          ]
        }
        """;

    public const string OptOutScp = """
        {
          "Version": "2012-10-17",
          "Statement": {
            "Sid": "DenyGlobalCrossRegionInference",
            "Effect": "Deny",
            "Action": "bedrock:*",
            "Resource": "*",
            "Condition": { "StringEquals": { "aws:RequestedRegion": "unspecified" } }
          }
        }
        """;
}
