using System.Text.Json;
using System.Text.Json.Nodes;
using LoadTest.Core.Models;
using Xunit.Abstractions;

namespace LoadTest.Cli.Tests;

/// <summary>
/// `loadtest preflight` on the shipped scenarios.yaml (ap-south-1, global profiles) with the policy
/// files docs/access.md ships, as AWS's posts write them for account 111122223333.
/// </summary>
public sealed class PreflightCommandTests(ITestOutputHelper output) : IDisposable
{
    private const string Haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "preflight-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string Access(string file) => RepositoryRoot.Path("docs", "access", file);

    private static readonly string ShippedConfig = RepositoryRoot.Path("scenarios.yaml");

    private async Task<(int Exit, string Out, string Err)> Preflight(params string[] args)
    {
        var result = await CliRun.Run(["preflight", .. args]);
        output.WriteLine(result.Out + result.Err);
        return result;
    }

    private string Write(string name, string text)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The streaming-complete policy without one of its three statements.</summary>
    private string WithoutStatement(int index)
    {
        var policy = JsonNode.Parse(File.ReadAllText(Access("global-profile-policy-streaming.json")))!;
        policy["Statement"]!.AsArray().RemoveAt(index);
        return Write($"without-{index}.json", policy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    public async Task A_launch_window_deny_passes_inside_the_window_and_refuses_every_call_after_it()
    {
        string[] policies = ["--config", ShippedConfig, "--policy", Access("global-profile-policy-streaming.json"), Access("deny-outside-launch-window.json")];

        var inside = await Preflight([.. policies, "--at", "2026-12-03T09:00:00Z"]);
        Assert.True(inside.Exit == ExitCodes.Passed, inside.Out + inside.Err);
        Assert.Contains("calls made at 2026-12-03T09:00:00Z (the policies read aws:CurrentTime or aws:EpochTime; --at sets it)", inside.Out, StringComparison.Ordinal);
        Assert.Contains("all 7 calls allowed", inside.Out, StringComparison.Ordinal);

        var after = await Preflight([.. policies, "--at", "2026-12-08T00:00:00Z"]);
        Assert.Equal(ExitCodes.Refused, after.Exit);
        Assert.Contains("AfterLaunchWindow", after.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("BeforeLaunchWindow", after.Out, StringComparison.Ordinal);
        Assert.Contains("It denies by the time of the request (DateGreaterThanEquals aws:CurrentTime 2026-12-08T00:00:00Z, line 16)", after.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("opt-out", after.Out, StringComparison.Ordinal);

        var before = await Preflight([.. policies, "--at", "1796083199"]);
        Assert.Equal(ExitCodes.Refused, before.Exit);
        Assert.Contains("BeforeLaunchWindow", before.Out, StringComparison.Ordinal);

        var json = await Preflight([.. policies, "--at", "2026-12-03T09:00:00Z", "--json"]);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            Assert.Equal(("2026-12-03T09:00:00Z", true), (doc.RootElement.GetProperty("at").GetString(), doc.RootElement.GetProperty("allowed").GetBoolean()));
        }

        var bad = await Preflight([.. policies, "--at", "next Tuesday"]);
        Assert.Equal(ExitCodes.BadInput, bad.Exit);
        Assert.Contains("--at: expected an ISO 8601 date-time (e.g. 2026-12-31T18:00:00Z) or epoch seconds, found 'next Tuesday'", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corporate_network_deny_passes_from_inside_and_refuses_from_outside_or_through_a_VPC_endpoint()
    {
        string[] policies = ["--config", ShippedConfig, "--scenario", "smoke", "--policy", Access("global-profile-policy-streaming.json"), Access("deny-outside-corporate-network.json")];

        var office = await Preflight([.. policies, "--source-ip", "203.0.113.10"]);
        Assert.True(office.Exit == ExitCodes.Passed, office.Out + office.Err);
        Assert.Contains("calls made from 203.0.113.10 (the policies read where calls come from; --source-ip sets it)", office.Out, StringComparison.Ordinal);

        var home = await Preflight([.. policies, "--source-ip", "198.51.100.7"]);
        Assert.Equal(ExitCodes.Refused, home.Exit);
        Assert.Contains("OutsideCorporateNetwork", home.Out, StringComparison.Ordinal);
        Assert.Contains("198.51.100.7", home.Out, StringComparison.Ordinal);

        var endpoint = await Preflight(policies);
        Assert.Equal(ExitCodes.Refused, endpoint.Exit);
        Assert.Contains("calls carry no aws:SourceIp, as through a VPC endpoint", endpoint.Out, StringComparison.Ordinal);
        Assert.Contains("the call carries no aws:SourceIp, as calls through a VPC endpoint do", endpoint.Out, StringComparison.Ordinal);

        var json = await Preflight([.. policies, "--source-ip", "203.0.113.10", "--json"]);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            Assert.Equal(("203.0.113.10", true), (doc.RootElement.GetProperty("sourceIp").GetString(), doc.RootElement.GetProperty("allowed").GetBoolean()));
        }

        var bad = await Preflight([.. policies, "--source-ip", "203.0.113.0/24"]);
        Assert.Equal(ExitCodes.BadInput, bad.Exit);
        Assert.Contains("--source-ip: expected one IPv4 or IPv6 address (e.g. 203.0.113.10), found '203.0.113.0/24'", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deny_that_exempts_the_teams_endpoint_passes_through_it_and_refuses_through_another()
    {
        string[] policies = ["--config", ShippedConfig, "--scenario", "smoke", "--policy", Access("global-profile-policy-streaming.json"), Access("deny-outside-network-or-endpoint.json")];

        var endpoint = await Preflight([.. policies, "--source-vpce", "vpce-0a1b2c3d4e5f67890", "--source-vpc", "vpc-0123456789abcdef0"]);
        Assert.True(endpoint.Exit == ExitCodes.Passed, endpoint.Out + endpoint.Err);
        Assert.Contains("calls made through VPC endpoint vpce-0a1b2c3d4e5f67890 in vpc-0123456789abcdef0, carrying no aws:SourceIp", endpoint.Out, StringComparison.Ordinal);

        var other = await Preflight([.. policies, "--source-vpce", "vpce-11111111", "--json"]);
        Assert.Equal(ExitCodes.Refused, other.Exit);
        using (var doc = JsonDocument.Parse(other.Out))
        {
            Assert.Equal("vpce-11111111", doc.RootElement.GetProperty("sourceVpce").GetString());
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("sourceIp").ValueKind);
        }

        Assert.Equal(ExitCodes.Passed, (await Preflight([.. policies, "--source-ip", "192.0.2.44"])).Exit);

        var both = await Preflight([.. policies, "--source-ip", "192.0.2.44", "--source-vpce", "vpce-11111111"]);
        Assert.Equal(ExitCodes.BadInput, both.Exit);
        Assert.Contains("--source-ip and --source-vpce: a call through a VPC endpoint carries no aws:SourceIp; give one of them", both.Err, StringComparison.Ordinal);
        var bad = await Preflight([.. policies, "--source-vpce", "my-endpoint"]);
        Assert.Equal(ExitCodes.BadInput, bad.Exit);
        Assert.Contains("--source-vpce: expected an endpoint ID such as vpce-0a1b2c3d4e5f67890, found 'my-endpoint'", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_full_three_part_policy_with_streaming_passes_every_call_of_the_shipped_config_even_under_the_Region_scp()
    {
        var (exit, stdout, stderr) = await Preflight("--config", ShippedConfig, "--policy", Access("global-profile-policy-streaming.json"));
        Assert.True(exit == ExitCodes.Passed, stdout + stderr);
        Assert.Contains("all 7 calls allowed", stdout, StringComparison.Ordinal);
        Assert.Contains("account 111122223333", stdout, StringComparison.Ordinal);

        var (withScp, scpOut, _) = await Preflight("--config", ShippedConfig, "--policy", Access("global-profile-policy-streaming.json"), "--scp", Access("scp-restrict-regions.json"));
        Assert.True(withScp == ExitCodes.Passed, scpOut);
    }

    [Theory]
    [InlineData(0, "the global inference profile arn:aws:bedrock:ap-south-1:111122223333:inference-profile/global." + Haiku + " with aws:RequestedRegion = ap-south-1")]
    [InlineData(1, "the Regional foundation model arn:aws:bedrock:ap-south-1::foundation-model/" + Haiku + " with aws:RequestedRegion = ap-south-1")]
    [InlineData(2, "the global foundation model arn:aws:bedrock:::foundation-model/" + Haiku + " with aws:RequestedRegion = unspecified")]
    public async Task Each_part_removed_in_turn_is_refused_naming_that_part_and_the_statement_to_add(int removed, string part)
    {
        var (exit, stdout, _) = await Preflight("--config", ShippedConfig, "--scenario", "diwali", "--policy", WithoutStatement(removed));

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Matches($@"global\.{Haiku.Replace(".", @"\.", StringComparison.Ordinal)}\s+Converse\s+ap-south-1\s+REFUSED\s+product-reco", stdout);
        Assert.Contains("missing: no identity-policy statement allows bedrock:InvokeModel on " + part, stdout, StringComparison.Ordinal);
        Assert.Contains("fix: add to the identity policy:", stdout, StringComparison.Ordinal);
        Assert.Contains("\"Effect\": \"Allow\"", stdout, StringComparison.Ordinal);
        Assert.Contains("2 of 2 calls refused", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streaming_workload_under_the_policy_as_the_posts_write_it_is_refused_naming_InvokeModelWithResponseStream()
    {
        var (exit, stdout, _) = await Preflight("--config", ShippedConfig, "--policy", Access("global-profile-policy.json"));

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Matches($@"global\.{Haiku.Replace(".", @"\.", StringComparison.Ordinal)}\s+ConverseStream\s+ap-south-1\s+REFUSED\s+support-chat", stdout);
        Assert.Matches($@"global\.{Haiku.Replace(".", @"\.", StringComparison.Ordinal)}\s+Converse\s+ap-south-1\s+allowed", stdout);
        Assert.Contains("no identity-policy statement allows bedrock:InvokeModelWithResponseStream on the global inference profile", stdout, StringComparison.Ordinal);
        Assert.Contains("fix: add \"bedrock:InvokeModelWithResponseStream\" to the Action of statement \"GrantGlobalCrisInferenceProfileAccess\"", stdout, StringComparison.Ordinal);
        Assert.Contains("3 of 7 calls refused", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_scp_listing_only_the_source_Region_refuses_global_profiles_until_unspecified_is_added()
    {
        var (exit, stdout, _) = await Preflight(
            "--config", ShippedConfig, "--scenario", "tax-season", "--policy", Access("global-profile-policy-streaming.json"), "--scp", Access("scp-restrict-regions-without-unspecified.json"));

        Assert.Equal(ExitCodes.Refused, exit);
        Assert.Contains("denied: the global foundation model arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0 with aws:RequestedRegion = unspecified", stdout, StringComparison.Ordinal);
        Assert.Contains("by statement \"DenyOutsideApprovedRegions\" of the SCP", stdout, StringComparison.Ordinal);
        Assert.Contains("fix: add \"unspecified\" to StringNotEquals aws:RequestedRegion in statement \"DenyOutsideApprovedRegions\"", stdout, StringComparison.Ordinal);
        Assert.Contains("\"aws:RequestedRegion\": [\"ap-south-1\", \"unspecified\"]", stdout, StringComparison.Ordinal);
        Assert.Single(stdout.Split('\n'), l => l.Contains("denied:", StringComparison.Ordinal));

        var (fixedExit, _, _) = await Preflight(
            "--config", ShippedConfig, "--scenario", "tax-season", "--policy", Access("global-profile-policy-streaming.json"), "--scp", Access("scp-restrict-regions.json"));
        Assert.Equal(ExitCodes.Passed, fixedExit);
    }

    [Fact]
    public async Task The_same_Region_scp_passes_a_geographic_profile_whose_Regions_it_lists()
    {
        var config = Write("apac.yaml", $$"""
            target: { region: ap-south-1 }
            models:
              - id: apac.{{Haiku}}
                tpm: 1000000
            workloads:
              - name: chat
                model: apac.{{Haiku}}
                api: converse-stream
                inputTokens: 500
                outputTokens: 300
            scenarios:
              - name: launch
                mix: { chat: 1 }
                load:
                  - constant: { rpm: 60, during: 1m }
            """);
        // The Region SCP of docs/access with the apac Regions listed (and no "unspecified").
        var scp = JsonNode.Parse(File.ReadAllText(Access("scp-restrict-regions-without-unspecified.json")))!;
        scp["Statement"]![0]!["Condition"]!["StringNotEquals"]!["aws:RequestedRegion"] = new JsonArray([.. GeographyRegions.RegionsOf("apac").Select(r => JsonValue.Create(r))]);
        var apacScp = Write("scp-apac.json", scp.ToJsonString());

        var (geo, geoOut, _) = await Preflight("--config", config, "--policy", Access("geographic-profile-policy.json"), "--scp", apacScp);
        Assert.True(geo == ExitCodes.Passed, geoOut);

        // The global profile of the same model under that SCP: only the unspecified part is refused.
        var global = Write("global.yaml", File.ReadAllText(config).Replace("apac.", "global.", StringComparison.Ordinal));
        var (globalExit, globalOut, _) = await Preflight("--config", global, "--policy", Access("global-profile-policy-streaming.json"), "--scp", apacScp);
        Assert.Equal(ExitCodes.Refused, globalExit);
        Assert.Single(globalOut.Split('\n'), l => l.Contains("denied:", StringComparison.Ordinal));
        Assert.Contains("\"unspecified\"", globalOut, StringComparison.Ordinal);

        // A geographic call is checked in every destination Region: listing only the source Region refuses it.
        var (sourceOnly, sourceOut, _) = await Preflight("--config", config, "--policy", Access("geographic-profile-policy.json"), "--scp", Access("scp-restrict-regions-without-unspecified.json"));
        Assert.Equal(ExitCodes.Refused, sourceOnly);
        Assert.Contains("denied: the foundation model in ap-south-2", sourceOut, StringComparison.Ordinal);
        var fix = Assert.Single(sourceOut.Split('\n'), l => l.Contains("fix:", StringComparison.Ordinal));
        Assert.Contains("add \"ap-south-2\", \"ap-southeast-1\",", fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_opt_out_deny_refuses_global_profiles_even_with_all_three_allows()
    {
        var (exit, stdout, _) = await Preflight(
            "--config", ShippedConfig, "--policy", Access("global-profile-policy-streaming.json"), "--scp", Access("scp-deny-global-inference.json"), "--json");

        Assert.Equal(ExitCodes.Refused, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.GetProperty("allowed").GetBoolean());
        foreach (var call in doc.RootElement.GetProperty("calls").EnumerateArray())
        {
            Assert.False(call.GetProperty("allowed").GetBoolean());
            var refused = call.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("decision").GetString() != "Allowed").ToList();
            var check = Assert.Single(refused);
            Assert.Equal("the global foundation model", check.GetProperty("part").GetString());
            Assert.Equal("ExplicitDenyInScp", check.GetProperty("decision").GetString());
            Assert.Equal("DenyGlobalCrossRegionInference", check.GetProperty("statement").GetProperty("sid").GetString());
        }
    }

    [Theory]
    [InlineData("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    { \"Effect\": \"Allow\", \"Action\": \"bedrock:*\" \"Resource\": \"*\" }\n  ]\n}", ":4:48: not valid JSON")]
    [InlineData("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    { \"Effect\": \"Allow\", \"Action\": \"bedrock:*\" }\n  ]\n}", ":4:5: expected \"Resource\" or \"NotResource\"")]
    [InlineData("{ \"Statement\": { \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": { \"StringEqualz\": { \"aws:RequestedRegion\": \"ap-south-1\" } } } }", ":1:84: unknown condition operator \"StringEqualz\"")]
    public async Task A_policy_that_is_not_valid_JSON_or_not_an_IAM_policy_is_exit_2_with_file_line_and_column(string text, string expected)
    {
        var bad = Write("bad.json", text);
        var (exit, stdout, stderr) = await Preflight("--config", ShippedConfig, "--policy", bad, "--account", "111122223333");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", stdout);
        Assert.Contains("error: " + bad + expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_application_profile_is_checked_itself_and_through_the_models_of_the_profile_it_was_made_from()
    {
        const string app = "arn:aws:bedrock:ap-south-1:444455556666:application-inference-profile/tenant-a";
        var config = Write("tenant.yaml", $$"""
            target: { region: ap-south-1 }
            models:
              - id: global.{{Haiku}}
                tpm: 1000000
              - id: {{app}}
                target: global.{{Haiku}}
            workloads:
              - name: tenant-chat
                model: {{app}}
                inputTokens: 500
                outputTokens: 300
            scenarios:
              - name: launch
                mix: { tenant-chat: 1 }
                load:
                  - constant: { rpm: 60, during: 1m }
            """);
        var policy = Write("tenant-policy.json", $$"""
            { "Version": "2012-10-17", "Statement": [
              { "Sid": "TenantProfile", "Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "{{app}}" },
              { "Sid": "TenantModels", "Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*::foundation-model/{{Haiku}}",
                "Condition": { "StringEquals": { "bedrock:InferenceProfileArn": "{{app}}" } } } ] }
            """);

        // The account comes from the application profile's ARN.
        var (exit, stdout, _) = await Preflight("--config", config, "--policy", policy);
        Assert.True(exit == ExitCodes.Passed, stdout);
        Assert.Contains("account 444455556666", stdout, StringComparison.Ordinal);

        // The policy for the system profile does not cover calls through the tenant's profile.
        var (systemOnly, systemOut, _) = await Preflight("--config", config, "--policy", Access("global-profile-policy-streaming.json"));
        Assert.Equal(ExitCodes.Refused, systemOnly);
        Assert.Contains("missing: no identity-policy statement allows bedrock:InvokeModel on the application inference profile " + app, systemOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_account_in_the_config_or_the_policies_it_asks_for_account()
    {
        var anyAccount = Write("any.json", """{ "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": "bedrock:*", "Resource": "*" } }""");
        var (exit, _, stderr) = await Preflight("--config", ShippedConfig, "--policy", anyAccount);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("give --account ID", stderr, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Passed, (await Preflight("--config", ShippedConfig, "--policy", anyAccount, "--account", "444455556666")).Exit);
        Assert.Equal(ExitCodes.BadInput, (await Preflight("--config", ShippedConfig, "--policy", anyAccount, "--account", "4444")).Exit);
    }
}
