using System.Text;
using System.Text.Json.Nodes;
using LoadTest.Core;
using Microsoft.Extensions.Time.Testing;

namespace LoadTest.Emulator.Tests;

/// <summary>
/// emulator.iam: calls the policies would refuse end AccessDeniedException 403 in IAM's wording,
/// with the policy files as docs/access/ ships them (the AWS posts' three-part policy).
/// </summary>
public sealed class AccessEnforcementTests : IDisposable
{
    private const string Account = "111122223333";
    private readonly TempDirectory _dir = new("iam-");

    public AccessEnforcementTests() => Directory.CreateDirectory(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private static string Shipped(string name) => Path.Combine(TestEmulator.RepositoryRoot(), "docs", "access", name);

    private string Config(string policy, string? scp = null, string extra = "", string? sourceIp = null) => $$"""
        models:
          - id: {{TestEmulator.Haiku}}
            tpm: 100000000
            rpm: 100000
        emulator:
          sourceRegion: ap-south-1
          regions: [ap-south-1, us-east-1]
          latencyScale: 0
          iam:
            account: "{{Account}}"
            policies: [{{policy}}]
        {{(scp is null ? "" : $"    scps: [{scp}]")}}
        {{(sourceIp is null ? "" : $"    sourceIp: {sourceIp}")}}
        {{extra}}
        """;

    /// <summary>The streaming-complete policy with the statement whose Sid is given removed.</summary>
    private string Without(string sid)
    {
        var doc = JsonNode.Parse(File.ReadAllText(Shipped("global-profile-policy-streaming.json")))!;
        var statements = doc["Statement"]!.AsArray();
        var removed = statements.Single(s => s!["Sid"]!.GetValue<string>() == sid);
        statements.Remove(removed);
        var path = _dir.File($"without-{sid}.json");
        File.WriteAllText(path, doc.ToJsonString());
        return path;
    }

    private static string Sid(string policyFile, int index)
        => JsonNode.Parse(File.ReadAllText(policyFile))!["Statement"]![index]!["Sid"]!.GetValue<string>();

    [Fact]
    public async Task A_launch_window_deny_is_judged_on_the_emulators_clock_and_access_ends_when_the_window_closes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 23, 59, 0, TimeSpan.Zero));
        var policies = $"{Shipped("global-profile-policy-streaming.json")}, {Shipped("deny-outside-launch-window.json")}";
        await using var emulator = await TestEmulator.StartAsync(Config(policies), o => o with { TimeProvider = clock });

        var inside = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody());
        Assert.Equal(200, inside.Status);

        // A minute later the window has closed: the same call is refused, naming the deny.
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody());
        Assert.Equal(403, after.Status);
        Assert.Contains("AccessDeniedException", after.Headers["x-amzn-ErrorType"], StringComparison.Ordinal);
        Assert.Contains("with an explicit deny in an identity-based policy", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corporate_network_deny_is_judged_on_the_callers_address_the_connections_unless_sourceIp_says_otherwise()
    {
        var policies = $"{Shipped("global-profile-policy-streaming.json")}, {Shipped("deny-outside-corporate-network.json")}";
        async Task<int> Status(string? sourceIp)
        {
            await using var emulator = await TestEmulator.StartAsync(Config(policies, sourceIp: sourceIp));
            return (await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody())).Status;
        }

        // The office's address; a VPC endpoint (no aws:SourceIp: NotIpAddress holds, the deny applies);
        // the connection's own, 127.0.0.1, which is outside the corporate ranges.
        Assert.Equal(200, await Status("203.0.113.10"));
        Assert.Equal(403, await Status("vpc-endpoint"));
        Assert.Equal(403, await Status(null));

        // The same deny with loopback as the corporate range: the connection's address passes.
        var loopback = _dir.File("deny-outside-loopback.json");
        File.WriteAllText(loopback, File.ReadAllText(Shipped("deny-outside-corporate-network.json")).Replace("\"192.0.2.0/24\", \"203.0.113.0/24\"", "\"127.0.0.0/8\", \"::1/128\"", StringComparison.Ordinal));
        await using var local = await TestEmulator.StartAsync(Config($"{Shipped("global-profile-policy-streaming.json")}, {loopback}"));
        Assert.Equal(200, (await BedrockHttp.PostAsync(local.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody())).Status);
    }

    [Fact]
    public async Task Calls_through_the_exempted_endpoint_pass_and_through_another_are_refused()
    {
        var policies = $"{Shipped("global-profile-policy-streaming.json")}, {Shipped("deny-outside-network-or-endpoint.json")}";
        async Task<int> Status(string vpce)
        {
            await using var emulator = await TestEmulator.StartAsync(Config(policies, extra: "") .Replace("    policies:", $"    sourceVpce: {vpce}\n    policies:", StringComparison.Ordinal));
            return (await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody())).Status;
        }

        Assert.Equal(200, await Status("vpce-0a1b2c3d4e5f67890"));
        Assert.Equal(403, await Status("vpce-11111111"));
        var e = Assert.Throws<ConfigException>(() => TestEmulator.Options(Config(policies, sourceIp: "203.0.113.10").Replace("    policies:", "    sourceVpce: vpce-11111111\n    policies:", StringComparison.Ordinal)));
        Assert.Contains("a call through a VPC endpoint carries no aws:SourceIp; give one of them", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sourceIp_that_is_no_address_is_a_config_error_at_its_line()
    {
        var e = Assert.Throws<ConfigException>(() => TestEmulator.Options(Config(Shipped("global-profile-policy-streaming.json"), sourceIp: "office")));
        Assert.Contains("test.yaml:13:", e.Message, StringComparison.Ordinal);
        Assert.Contains("'emulator.iam.sourceIp' should be the address the application calls Bedrock from (e.g. 203.0.113.10) or 'vpc-endpoint' (calls carry no aws:SourceIp), got 'office'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_full_three_part_policy_with_streaming_allows_every_operation()
    {
        await using var emulator = await TestEmulator.StartAsync(Config(Shipped("global-profile-policy-streaming.json")));
        foreach (var op in new[] { "converse", "converse-stream" })
        {
            var reply = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, op, BedrockHttp.ConverseBody());
            Assert.Equal(200, reply.Status);
        }

        var invoke = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "invoke", BedrockHttp.AnthropicBody());
        Assert.Equal(200, invoke.Status);
    }

    [Fact]
    public async Task Without_the_global_part_every_global_call_is_403_AccessDenied_naming_the_global_model()
    {
        var policy = Without(Sid(Shipped("global-profile-policy-streaming.json"), 2));
        await using var emulator = await TestEmulator.StartAsync(Config(policy));
        var reply = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody());

        Assert.Equal(403, reply.Status);
        Assert.Equal("AccessDeniedException", reply.Headers["x-amzn-ErrorType"].Split(':')[0]);
        var message = JsonNode.Parse(reply.Body)!["message"]!.GetValue<string>();
        Assert.Equal(
            $"User: arn:aws:iam::{Account}:role/loadtest is not authorized to perform: bedrock:InvokeModel on resource: " +
            $"arn:aws:bedrock:::foundation-model/{TestEmulator.HaikuBase} because no identity-based policy allows the bedrock:InvokeModel action",
            message);
    }

    [Fact]
    public async Task Each_missing_part_refuses_with_its_own_resource()
    {
        var full = Shipped("global-profile-policy-streaming.json");
        string[] expected =
        [
            $"arn:aws:bedrock:ap-south-1:{Account}:inference-profile/{TestEmulator.Haiku}",
            $"arn:aws:bedrock:ap-south-1::foundation-model/{TestEmulator.HaikuBase}",
            $"arn:aws:bedrock:::foundation-model/{TestEmulator.HaikuBase}",
        ];
        for (var part = 0; part < 3; part++)
        {
            await using var emulator = await TestEmulator.StartAsync(Config(Without(Sid(full, part))));
            var reply = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody());
            Assert.Equal(403, reply.Status);
            Assert.Contains($"on resource: {expected[part]} because", Encoding.UTF8.GetString(reply.Body), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_policy_as_the_posts_write_it_refuses_streaming_naming_the_stream_action()
    {
        await using var emulator = await TestEmulator.StartAsync(Config(Shipped("global-profile-policy.json")));
        var converse = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody());
        var stream = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse-stream", BedrockHttp.ConverseBody());

        Assert.Equal(200, converse.Status);
        Assert.Equal(403, stream.Status);
        Assert.Contains("not authorized to perform: bedrock:InvokeModelWithResponseStream", Encoding.UTF8.GetString(stream.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_scp_denying_unspecified_refuses_global_calls_despite_all_three_allows()
    {
        await using var emulator = await TestEmulator.StartAsync(Config(Shipped("global-profile-policy-streaming.json"), Shipped("scp-deny-global-inference.json")));
        var reply = await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody());

        Assert.Equal(403, reply.Status);
        Assert.Contains("with an explicit deny in a service control policy", Encoding.UTF8.GetString(reply.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_call_is_in_the_invocation_log_as_AccessDenied()
    {
        var logs = _dir.File("logs");
        var policy = Without(Sid(Shipped("global-profile-policy-streaming.json"), 2));
        await using (var emulator = await TestEmulator.StartAsync(Config(policy, extra: $"  logDir: {logs}")))
        {
            await BedrockHttp.PostAsync(emulator.Http1Url, TestEmulator.Haiku, "converse", BedrockHttp.ConverseBody());
        }

        var lines = Directory.GetFiles(logs, "*.jsonl", SearchOption.AllDirectories).SelectMany(File.ReadAllLines).ToList();
        Assert.Contains(lines, l => l.Contains("AccessDeniedException", StringComparison.Ordinal));
    }

    [Fact]
    public void Iam_without_an_account_is_a_config_error_at_its_line()
    {
        var yaml = $$"""
            emulator:
              iam:
                policies: [{{Shipped("global-profile-policy.json")}}]
            """;
        var e = Assert.Throws<ConfigException>(() => TestEmulator.Options(yaml));
        Assert.Contains("test.yaml:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("account", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_file_that_is_not_json_names_its_own_file_and_line()
    {
        var bad = _dir.File("bad.json");
        File.WriteAllText(bad, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ { \"Effect\": \"Allow\", }\n");
        var e = Assert.Throws<ConfigException>(() => TestEmulator.Options(Config(bad)));
        Assert.Contains("bad.json:3:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_policy_file_is_named_with_where_it_was_looked_for()
    {
        var e = Assert.Throws<ConfigException>(() => TestEmulator.Options(Config("no-such-policy.json")));
        Assert.Contains("policy file 'no-such-policy.json' not found", e.Message, StringComparison.Ordinal);
    }
}
