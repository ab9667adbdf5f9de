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

    internal static IamSettings Read(YamlNodeReader node)
    {
        node.AllowOnly("policies", "scps", "account", "principal", "sourceIp");
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
