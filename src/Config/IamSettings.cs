using LoadTest.Core.Access;

namespace LoadTest.Config;

/// <summary>
/// <c>emulator: { iam: { policies: [...], scps: [...], account: "...", principal: "...", sourceIp: "..." } }</c>:
/// the identity policies and SCPs the emulator enforces, parsed when scenarios.yaml is loaded (a
/// bad policy file fails every command at once, with its own file:line:column), the account the
/// calls are made from, the principal named in AccessDeniedException messages, and the caller's
/// address the policies' <c>aws:SourceIp</c> conditions see.
/// </summary>
public sealed record IamSettings(AccessPolicySet Policies, string Account, string PrincipalArn)
{
    /// <summary>Where <c>aws:SourceIp</c> comes from: the connection (default), <see cref="GivenSourceIp"/>, or nowhere (<c>sourceIp: vpc-endpoint</c>).</summary>
    public SourceIpSetting SourceIp { get; init; } = SourceIpSetting.Connection;

    /// <summary>The address of <c>sourceIp: ADDRESS</c>: the one the application calls Bedrock from.</summary>
    public System.Net.IPAddress? GivenSourceIp { get; init; }

    /// <summary><c>sourceVpce: vpce-...</c> (and <c>sourceVpc: vpc-...</c>): the endpoint calls come through (<c>aws:SourceVpce</c>, <c>aws:SourceVpc</c>); they carry no <c>aws:SourceIp</c>.</summary>
    public VpcEndpoint? Via { get; init; }

    internal static IamSettings Read(YamlNodeReader node)
    {
        node.AllowOnly("policies", "scps", "account", "principal", "sourceIp", "sourceVpce", "sourceVpc");
        var accountNode = node.Optional("account")
            ?? throw node.Error("'emulator.iam' needs 'account:', the 12-digit account the calls come from (the one the policies' ARNs name)");
        var account = accountNode.AsString();
        if (account.Length != 12 || !account.All(char.IsAsciiDigit))
        {
            throw accountNode.Error($"'emulator.iam.account' should be a 12-digit AWS account ID such as \"111122223333\", got '{account}'");
        }

        var policiesNode = node.Optional("policies")
            ?? throw node.Error("'emulator.iam' needs 'policies:', a list of identity-policy JSON files (relative to scenarios.yaml)");
        var policies = policiesNode.Items().Select(p => p.AsExistingFile("policy file")).ToList();
        if (policies.Count == 0)
        {
            throw policiesNode.Error("'emulator.iam.policies' needs at least one identity-policy file");
        }

        var scps = node.Optional("scps")?.Items().Select(p => p.AsExistingFile("SCP file")).ToList() ?? [];
        var principal = node.Optional("principal")?.AsString() ?? $"arn:aws:iam::{account}:role/loadtest";
        var settings = new IamSettings(AccessPolicySet.Load(policies, scps), account, principal);
        if (ReadEndpoint(node) is { } endpoint)
        {
            return node.Optional("sourceIp") is { } both && !string.Equals(both.AsString(), VpcEndpoint, StringComparison.Ordinal)
                ? throw both.Error($"'emulator.iam.sourceIp' and 'sourceVpce': a call through a VPC endpoint carries no aws:SourceIp; give one of them")
                : settings with { SourceIp = SourceIpSetting.None, Via = endpoint };
        }

        if (node.Optional("sourceIp") is not { } sourceIpNode)
        {
            return settings;
        }

        var sourceIp = sourceIpNode.AsString();
        if (string.Equals(sourceIp, VpcEndpoint, StringComparison.Ordinal))
        {
            return settings with { SourceIp = SourceIpSetting.None };
        }

        return RequestOrigin.ParseAddress(sourceIp) is { } address
            ? settings with { SourceIp = SourceIpSetting.Given, GivenSourceIp = address }
            : throw sourceIpNode.Error($"'emulator.iam.sourceIp' should be the address the application calls Bedrock from (e.g. 203.0.113.10) or '{VpcEndpoint}' (calls carry no aws:SourceIp), got '{sourceIp}'");
    }

    private static VpcEndpoint? ReadEndpoint(YamlNodeReader node)
    {
        var vpcNode = node.Optional("sourceVpc");
        if (node.Optional("sourceVpce") is not { } endpointNode)
        {
            return vpcNode is null ? null : throw vpcNode.Error("'emulator.iam.sourceVpc' names the VPC of the endpoint: give 'sourceVpce' too");
        }

        var id = endpointNode.AsString();
        if (!Core.Access.VpcEndpoint.IsEndpointId(id))
        {
            throw endpointNode.Error($"'emulator.iam.sourceVpce' should be an endpoint ID such as vpce-0a1b2c3d4e5f67890, got '{id}'");
        }

        var vpc = vpcNode?.AsString();
        return vpc is null || Core.Access.VpcEndpoint.IsVpcId(vpc)
            ? new Core.Access.VpcEndpoint(id, vpc)
            : throw vpcNode!.Error($"'emulator.iam.sourceVpc' should be a VPC ID such as vpc-0a1b2c3d4e5f67890, got '{vpc}'");
    }

    /// <summary><c>sourceIp: vpc-endpoint</c>: calls come through an interface VPC endpoint and carry no <c>aws:SourceIp</c>.</summary>
    public const string VpcEndpoint = "vpc-endpoint";
}

/// <summary>Where the emulator takes <c>aws:SourceIp</c> from.</summary>
public enum SourceIpSetting
{
    /// <summary>The address the request came from (127.0.0.1 on loopback).</summary>
    Connection,

    /// <summary>The address in <c>emulator.iam.sourceIp</c>.</summary>
    Given,

    /// <summary>None: the request carries no <c>aws:SourceIp</c>, as through a VPC endpoint.</summary>
    None,
}
