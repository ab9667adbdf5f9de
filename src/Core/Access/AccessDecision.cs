namespace LoadTest.Core.Access;

/// <summary>How one authorization check came out, in IAM's terms (each has its own AccessDenied wording).</summary>
public enum AccessDecision
{
    Allowed,
    /// <summary>A Deny statement of an identity policy applies: no Allow can override it.</summary>
    ExplicitDenyInIdentityPolicy,
    /// <summary>A Deny statement of an SCP applies.</summary>
    ExplicitDenyInScp,
    /// <summary>No identity-policy Allow covers the check (implicit deny).</summary>
    NoIdentityAllow,
    /// <summary>The SCPs are an allow-list and none of their Allows covers the check.</summary>
    NoScpAllow,
}
