using LoadTest.Core.Access;

namespace LoadTest.Config;

/// <summary>
/// <c>emulator: { iam: { policies: [...], scps: [...], account: "...", principal: "..." } }</c>:
/// the identity policies and SCPs the emulator enforces, parsed when scenarios.yaml is loaded (a
/// bad policy file fails every command at once, with its own file:line:column), the account the
/// calls are made from and the principal named in AccessDeniedException messages.
/// </summary>
public sealed record IamSettings(AccessPolicySet Policies, string Account, string PrincipalArn)
{
    internal static IamSettings Read(YamlNodeReader node)
    {
        node.AllowOnly("policies", "scps", "account", "principal");
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
        return new IamSettings(AccessPolicySet.Load(policies, scps), account, principal);
    }
}
