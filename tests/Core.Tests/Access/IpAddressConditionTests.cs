using System.Net;
using LoadTest.Core.Access;
using LoadTest.Core.Models;

namespace LoadTest.Core.Tests.Access;

/// <summary>IpAddress / NotIpAddress on aws:SourceIp: CIDR arithmetic, absent addresses (VPC endpoints) and the corporate-network deny as AWS's example writes it.</summary>
public sealed class IpAddressConditionTests
{
    private static readonly BedrockCall GlobalCall = new(ModelCatalog.Find("global.anthropic.claude-haiku-4-5-20251001-v1:0")!.Id, BedrockOperation.Converse, "ap-south-1", "111122223333");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.77", true)]
    [InlineData("203.0.113.0/24", "203.0.114.1", false)]
    [InlineData("203.0.113.5/24", "203.0.113.200", true)] // host bits past the prefix are ignored
    [InlineData("203.0.113.7", "203.0.113.7", true)]      // one address: a /32
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("198.51.100.0/22", "198.51.103.255", true)]
    [InlineData("198.51.100.0/22", "198.51.104.0", false)]
    [InlineData("0.0.0.0/0", "192.0.2.1", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::/32", "203.0.113.7", false)]   // IPv4 never matches an IPv6 range
    [InlineData("203.0.113.0/24", "::ffff:203.0.113.7", false)]
    public void A_range_holds_the_addresses_that_share_its_prefix(string range, string address, bool contained)
        => Assert.Equal(contained, IpRange.Parse(range)!.Value.Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("203.0.113.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("203.0.113.0/")]
    [InlineData("203.0.113.0/-1")]
    [InlineData("203.0.113.0/+8")]
    [InlineData("10.1")]
    [InlineData("corporate")]
    [InlineData("")]
    public void Anything_else_is_no_range(string text) => Assert.Null(IpRange.Parse(text));

    [Fact]
    public void A_value_that_is_no_address_is_refused_at_its_position()
    {
        var e = Assert.Throws<ConfigException>(() => PolicyDocument.Parse("""{ "Statement": { "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": { "NotIpAddress": { "aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/33"] } } } }""", "bad.json"));
        Assert.Equal((1L, 134L), (e.Line, e.Column));
        Assert.Contains("expected \"aws:SourceIp\" under NotIpAddress to be an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32), found \"203.0.113.0/33\"", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Allow everything, and AWS's "deny access based on the source IP" statement with its two documentation ranges.</summary>
    private static AccessPolicySet CorporateNetworkOnly() => new(
    [
        PolicyDocument.Parse("""{ "Statement": { "Sid": "Bedrock", "Effect": "Allow", "Action": "bedrock:*", "Resource": "*" } }""", "allow.json"),
        PolicyDocument.Parse("""
            { "Version": "2012-10-17", "Statement": { "Sid": "OutsideCorporateNetwork", "Effect": "Deny", "Action": "*", "Resource": "*",
              "Condition": { "NotIpAddress": { "aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"] }, "Bool": { "aws:ViaAWSService": "false" } } } }
            """, "deny-ip.json"),
    ], []);

    [Fact]
    public void The_corporate_network_deny_allows_a_call_from_inside_and_refuses_one_from_outside_naming_the_address()
    {
        var set = CorporateNetworkOnly();
        Assert.True(set.ReadsNetwork);

        Assert.True(set.Authorize(GlobalCall, new RequestOrigin(Now, IPAddress.Parse("203.0.113.10"))).Allowed);

        var outside = set.Authorize(GlobalCall, new RequestOrigin(Now, IPAddress.Parse("198.51.100.7")));
        Assert.False(outside.Allowed);
        Assert.All(outside.Checks, c => Assert.Equal((AccessDecision.ExplicitDenyInIdentityPolicy, "OutsideCorporateNetwork"), (c.Decision, c.Statement!.Sid)));

        // The fix puts the caller's address on the list; the refusal's label does not print it.
        var fix = Assert.Single(outside.Remedies());
        Assert.Contains("198.51.100.7", fix, StringComparison.Ordinal);
        Assert.DoesNotContain("SourceIp", outside.Checks[0].Check.Label, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_without_an_address_as_through_a_VPC_endpoint_meets_the_negated_operator_and_is_refused()
    {
        // NotIpAddress holds when the request carries no aws:SourceIp, so the Deny applies: the
        // trap a team falls into when the application moves behind a VPC endpoint.
        var refused = CorporateNetworkOnly().Authorize(GlobalCall, new RequestOrigin(Now));
        Assert.False(refused.Allowed);
        var fix = Assert.Single(refused.Remedies());
        Assert.Contains("It denies by the caller's address (NotIpAddress aws:SourceIp 192.0.2.0/24, 203.0.113.0/24, line 2): the call carries no aws:SourceIp, as calls through a VPC endpoint do", fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allow_boxed_to_a_range_allows_only_from_inside_it_and_an_ip_free_policy_stays_cached()
    {
        var set = new AccessPolicySet([PolicyDocument.Parse("""{ "Statement": { "Effect": "Allow", "Action": "bedrock:*", "Resource": "*", "Condition": { "IpAddress": { "aws:SourceIp": "2001:db8::/32" } } } }""", "p.json")], []);
        Assert.True(set.Authorize(GlobalCall, new RequestOrigin(Now, IPAddress.Parse("2001:db8:5::1"))).Allowed);
        var outside = set.Authorize(GlobalCall, new RequestOrigin(Now, IPAddress.Parse("2001:db9::1")));
        Assert.All(outside.Checks, c => Assert.Equal(AccessDecision.NoIdentityAllow, c.Decision));
        Assert.False(set.Authorize(GlobalCall, new RequestOrigin(Now)).Allowed);

        var plain = new AccessPolicySet([PolicyDocument.Parse("""{ "Statement": { "Effect": "Allow", "Action": "bedrock:*", "Resource": "*" } }""", "p.json")], []);
        Assert.False(plain.ReadsNetwork);
        Assert.Same(plain.Authorize(GlobalCall), plain.Authorize(GlobalCall, new RequestOrigin(Now, IPAddress.Parse("198.51.100.7"))));
    }

    [Theory]
    [InlineData("203.0.113.10", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("203.0.113.0/24", false)]
    [InlineData("10.1", false)]
    [InlineData("localhost", false)]
    public void A_source_address_is_one_address(string text, bool valid)
        => Assert.Equal(valid, RequestOrigin.ParseAddress(text) is not null);

    /// <summary>AWS's recommended form: deny outside the corporate ranges unless the call comes through the team's endpoint.</summary>
    private static AccessPolicySet CorporateNetworkOrEndpoint() => new(
    [
        PolicyDocument.Parse("""{ "Statement": { "Sid": "Bedrock", "Effect": "Allow", "Action": "bedrock:*", "Resource": "*" } }""", "allow.json"),
        PolicyDocument.Parse("""
            { "Version": "2012-10-17", "Statement": { "Sid": "OutsideNetworkAndEndpoint", "Effect": "Deny", "Action": "*", "Resource": "*",
              "Condition": { "NotIpAddressIfExists": { "aws:SourceIp": "203.0.113.0/24" }, "StringNotEqualsIfExists": { "aws:SourceVpce": "vpce-0a1b2c3d4e5f67890" } } } }
            """, "deny-network.json"),
    ], []);

    [Fact]
    public void A_call_through_the_exempted_endpoint_is_allowed_and_one_through_another_endpoint_is_refused_with_its_id_to_add()
    {
        var set = CorporateNetworkOrEndpoint();
        Assert.True(set.ReadsNetwork);

        Assert.True(set.Authorize(GlobalCall, new RequestOrigin(Now, Via: new VpcEndpoint("vpce-0a1b2c3d4e5f67890", "vpc-0123456789abcdef0"))).Allowed);
        Assert.True(set.Authorize(GlobalCall, new RequestOrigin(Now, IPAddress.Parse("203.0.113.10"))).Allowed);

        var other = set.Authorize(GlobalCall, new RequestOrigin(Now, Via: new VpcEndpoint("vpce-11111111")));
        Assert.False(other.Allowed);
        Assert.Contains("add \"vpce-11111111\" to StringNotEqualsIfExists aws:SourceVpce", Assert.Single(other.Remedies()), StringComparison.Ordinal);

        // Neither an address nor an endpoint: both IfExists conditions hold and the Deny applies.
        Assert.False(set.Authorize(GlobalCall, new RequestOrigin(Now)).Allowed);
    }

    [Fact]
    public void A_NotIpAddress_deny_without_an_endpoint_exemption_refuses_a_call_through_an_endpoint_and_the_fix_names_it()
    {
        var refused = CorporateNetworkOnly().Authorize(GlobalCall, new RequestOrigin(Now, Via: new VpcEndpoint("vpce-0a1b2c3d4e5f67890")));
        Assert.False(refused.Allowed);
        Assert.Contains("the call comes through VPC endpoint vpce-0a1b2c3d4e5f67890 and carries no aws:SourceIp", Assert.Single(refused.Remedies()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vpce-0a1b2c3d4e5f67890", true)]
    [InlineData("vpce-1a2b3c4d", true)]
    [InlineData("vpce-0A1B2C3D4E5F67890", false)]
    [InlineData("vpce-123", false)]
    [InlineData("vpc-0a1b2c3d4e5f67890", false)]
    public void Endpoint_ids_are_vpce_and_8_or_17_hex_digits(string text, bool valid)
        => Assert.Equal(valid, VpcEndpoint.IsEndpointId(text));

    [Fact]
    public void An_origin_is_an_address_or_an_endpoint_not_both()
        => Assert.Throws<ArgumentException>(() => new RequestOrigin(Now, IPAddress.Parse("203.0.113.10"), new VpcEndpoint("vpce-1a2b3c4d")));
}
