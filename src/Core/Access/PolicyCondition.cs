namespace LoadTest.Core.Access;

/// <summary>
/// One key under one operator of a statement's <c>Condition</c> block, e.g.
/// <c>"StringEquals": { "aws:RequestedRegion": ["ap-south-1", "unspecified"] }</c>. Its values are
/// ORed; the statement ANDs its conditions. Follows IAM's rules for an absent key: negated
/// operators and <c>...IfExists</c> hold, <c>ForAllValues:</c> holds, everything else fails.
/// </summary>
public sealed record PolicyCondition(
    ConditionOperator Operator,
    ConditionSetQualifier Qualifier,
    bool IfExists,
    string Key,
    IReadOnlyList<string> Values,
    int Line,
    int Column)
{
    /// <summary>The operator as written, e.g. "ForAnyValue:StringLikeIfExists".</summary>
    public string OperatorText => (Qualifier == ConditionSetQualifier.None ? "" : Qualifier + ":") + Operator + (IfExists ? "IfExists" : "");

    public bool IsNegated => Operator is ConditionOperator.StringNotEquals or ConditionOperator.StringNotEqualsIgnoreCase
        or ConditionOperator.StringNotLike or ConditionOperator.ArnNotEquals or ConditionOperator.ArnNotLike;

    public bool IsSatisfiedBy(RequestContext context)
    {
        var present = context.ValuesOf(Key);
        if (Operator == ConditionOperator.Null)
        {
            // "Null": "true" asks for the key to be absent; several values are ORed like any other.
            var absent = present is null || present.Length == 0;
            return Values.Any(v => string.Equals(v, absent ? "true" : "false", StringComparison.OrdinalIgnoreCase));
        }

        if (present is null || present.Length == 0)
        {
            return IfExists || Qualifier == ConditionSetQualifier.ForAllValues || (Qualifier == ConditionSetQualifier.None && IsNegated);
        }

        return Qualifier switch
        {
            // At least one request value passes the operator.
            ConditionSetQualifier.ForAnyValue => present.Any(Passes),
            // Every request value passes the operator.
            ConditionSetQualifier.ForAllValues => present.All(Passes),
            // A plain negated operator holds when no request value matches any policy value.
            _ => IsNegated ? present.All(Passes) : present.Any(Passes),
        };
    }

    /// <summary>One request value against the policy's values: any positive match, or no match for a negated operator.</summary>
    private bool Passes(string requestValue)
    {
        var matched = false;
        foreach (var policyValue in Values)
        {
            if (Matches(requestValue, policyValue))
            {
                matched = true;
                break;
            }
        }

        return IsNegated ? !matched : matched;
    }

    private bool Matches(string requestValue, string policyValue) => Operator switch
    {
        ConditionOperator.StringEquals or ConditionOperator.StringNotEquals => string.Equals(requestValue, policyValue, StringComparison.Ordinal),
        ConditionOperator.StringEqualsIgnoreCase or ConditionOperator.StringNotEqualsIgnoreCase
            or ConditionOperator.Bool => string.Equals(requestValue, policyValue, StringComparison.OrdinalIgnoreCase),
        ConditionOperator.StringLike or ConditionOperator.StringNotLike => WildcardPattern.Matches(policyValue, requestValue, ignoreCase: false),
        ConditionOperator.ArnEquals or ConditionOperator.ArnLike or ConditionOperator.ArnNotEquals or ConditionOperator.ArnNotLike => ArnMatches(policyValue, requestValue),
        _ => false,
    };

    /// <summary>
    /// ArnEquals and ArnLike alike (IAM treats them the same): the six colon-separated parts are
    /// matched one by one with wildcards, so a '*' in the Region part cannot swallow the account.
    /// </summary>
    private static bool ArnMatches(string pattern, string arn)
    {
        var p = pattern.AsSpan();
        var a = arn.AsSpan();
        for (var part = 0; part < 5; part++)
        {
            var pc = p.IndexOf(':');
            var ac = a.IndexOf(':');
            if (pc < 0 || ac < 0 || !WildcardPattern.Matches(p[..pc], a[..ac], ignoreCase: false))
            {
                return false;
            }

            p = p[(pc + 1)..];
            a = a[(ac + 1)..];
        }

        return WildcardPattern.Matches(p, a, ignoreCase: false);
    }
}
