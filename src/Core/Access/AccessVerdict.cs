namespace LoadTest.Core.Access;

/// <summary>
/// Whether one Bedrock call is allowed: every check it makes, each with its decision. Refused
/// when any check is; <see cref="FirstRefusal"/> is the one Bedrock would name.
/// </summary>
public sealed record AccessVerdict(BedrockCall Call, IReadOnlyList<CheckOutcome> Checks)
{
    public bool Allowed => Checks.All(c => c.Allowed);

    public IEnumerable<CheckOutcome> Refusals => Checks.Where(c => !c.Allowed);

    public CheckOutcome? FirstRefusal => Checks.FirstOrDefault(c => !c.Allowed);

    /// <summary>
    /// What to change so the whole call passes: each refusal's remedy, except that the checks one
    /// Deny statement refuses share one edit (e.g. every destination Region a Region-restricting
    /// SCP leaves out, added to its list at once).
    /// </summary>
    public IReadOnlyList<string> Remedies()
    {
        var list = new List<string>();
        foreach (var group in Refusals.GroupBy(r => r.Decision is AccessDecision.ExplicitDenyInScp or AccessDecision.ExplicitDenyInIdentityPolicy ? r.Statement : null))
        {
            if (group.Key is { } deny)
            {
                list.Add(PolicyRemedy.ForExplicitDeny(group.Select(r => r.Check).ToList(), deny));
            }
            else
            {
                list.AddRange(group.Select(r => r.Remedy!));
            }
        }

        return list.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The AccessDeniedException message Bedrock returns for the first refused check, in IAM's
    /// wording ("User: … is not authorized to perform: bedrock:InvokeModel on resource: … because
    /// no identity-based policy allows the bedrock:InvokeModel action"); null when allowed.
    /// </summary>
    public string? AccessDeniedMessage(string principalArn)
    {
        if (FirstRefusal is not { } refusal)
        {
            return null;
        }

        var check = refusal.Check;
        var why = refusal.Decision switch
        {
            AccessDecision.ExplicitDenyInIdentityPolicy => "with an explicit deny in an identity-based policy",
            AccessDecision.ExplicitDenyInScp => "with an explicit deny in a service control policy",
            AccessDecision.NoScpAllow => $"because no service control policy allows the {check.Action} action",
            _ => $"because no identity-based policy allows the {check.Action} action",
        };
        return $"User: {principalArn} is not authorized to perform: {check.Action} on resource: {check.Resource} {why}";
    }
}
