using System.Globalization;

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
        or ConditionOperator.StringNotLike or ConditionOperator.ArnNotEquals or ConditionOperator.ArnNotLike
        or ConditionOperator.NumericNotEquals or ConditionOperator.DateNotEquals or ConditionOperator.NotIpAddress;

    /// <summary>Whether the condition reads the time of the request (<c>aws:CurrentTime</c>, <c>aws:EpochTime</c>).</summary>
    public bool ReadsTime => RequestContext.IsTimeKey(Key);

    /// <summary>Whether the condition reads the caller's address (<c>aws:SourceIp</c>).</summary>
    public bool ReadsSourceIp => string.Equals(Key, RequestContext.SourceIp, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the condition reads where the call comes from (<c>aws:SourceIp</c>, <c>aws:SourceVpce</c>, <c>aws:SourceVpc</c>).</summary>
    public bool ReadsNetwork => RequestContext.IsNetworkKey(Key);

    /// <summary>A numeric operator's value as IAM reads it (integer or decimal); null when it is not a number.</summary>
    public static decimal? Number(string text)
        => decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>
    /// A date operator's value as IAM reads it: an ISO 8601 date or date-time (UTC unless it says
    /// otherwise) or seconds since the epoch; null when it is neither.
    /// </summary>
    public static DateTimeOffset? Date(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            return epoch <= 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(epoch) : null;
        }

        // ISO 8601 only (yyyy-MM-dd, then an optional time and offset), not every form the invariant culture reads (12/31/2026).
        var iso = text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-' && text[7] == '-';
        return iso && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

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
        _ when Operator.IsNumeric() => Number(requestValue) is { } r && Number(policyValue) is { } v && Compares(r.CompareTo(v)),
        _ when Operator.IsDate() => Date(requestValue) is { } r && Date(policyValue) is { } v && Compares(r.CompareTo(v)),
        _ when Operator.IsIp() => IpRange.Parse(policyValue) is { } range && RequestOrigin.ParseAddress(requestValue) is { } address && range.Contains(address),
        _ => false,
    };

    /// <summary>The request value against the policy value, by the operator's comparison (a NotEquals operator matches on equality; the negation is applied by the caller).</summary>
    private bool Compares(int order) => Operator switch
    {
        ConditionOperator.NumericLessThan or ConditionOperator.DateLessThan => order < 0,
        ConditionOperator.NumericLessThanEquals or ConditionOperator.DateLessThanEquals => order <= 0,
        ConditionOperator.NumericGreaterThan or ConditionOperator.DateGreaterThan => order > 0,
        ConditionOperator.NumericGreaterThanEquals or ConditionOperator.DateGreaterThanEquals => order >= 0,
        _ => order == 0,
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
