using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LoadTest.Core.Access;

/// <summary>
/// What to change so a refused check passes: the smallest edit when an existing statement almost
/// covers it (an action missing from its Action, a value missing from a condition's list), else a
/// whole statement to paste. An explicit deny has no Allow that fixes it: the remedy says which
/// value to exempt, or to remove the statement.
/// </summary>
internal static class PolicyRemedy
{
    private static readonly JsonWriterOptions Pretty = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The edit for a missing Allow, looking for a near miss among <paramref name="statements"/> first.</summary>
    public static string ForMissingAllow(AuthorizationCheck check, IEnumerable<PolicyStatement> statements, bool scp)
    {
        var allows = statements.Where(s => s.Effect == PolicyEffect.Allow).ToList();
        foreach (var s in allows)
        {
            if (!s.CoversAction(check.Action) && s.CoversResource(check.Resource) && s.ConditionsHold(check.Context))
            {
                return $"add \"{check.Action}\" to the Action of {s.Name} ({s.Position})";
            }
        }

        foreach (var s in allows)
        {
            if (s.CoversAction(check.Action) && s.CoversResource(check.Resource)
                && s.Conditions.Where(c => !c.IsSatisfiedBy(check.Context)).ToList() is [{ IsNegated: false, Operator: not ConditionOperator.Null } failing]
                && check.Context.ValuesOf(failing.Key) is [var value])
            {
                return AddValue(s, failing, value);
            }
        }

        return (scp ? "add to an SCP:" : "add to the identity policy:") + "\n" + AllowStatement(check, scp);
    }

    /// <summary>The edit that lets every one of <paramref name="checks"/> past one Deny statement.</summary>
    public static string ForExplicitDeny(IReadOnlyList<AuthorizationCheck> checks, PolicyStatement deny)
    {
        // A Region-restricting deny ("StringNotEquals": { "aws:RequestedRegion": [...] }) lets a
        // request through once its value is on the list.
        foreach (var condition in deny.Conditions)
        {
            // Not a NumericNotEquals or DateNotEquals: adding the request's number or time is no fix.
            if (condition.IsNegated && !condition.Operator.IsNumeric() && !condition.Operator.IsDate())
            {
                var values = checks.Select(c => c.Context.ValuesOf(condition.Key)).ToList();
                if (values.All(v => v is [_]))
                {
                    return AddValues(deny, condition, values.Select(v => v![0]).Distinct(StringComparer.Ordinal).ToList());
                }
            }
        }

        return $"remove or narrow {deny.Name} ({deny.Position}): an explicit Deny overrides every Allow.{WhyItDenies(checks, deny)}";
    }

    /// <summary>Why a Deny bites, when its conditions say: the opt-out from global profiles, a time box, or the caller's network; "" otherwise.</summary>
    private static string WhyItDenies(IReadOnlyList<AuthorizationCheck> checks, PolicyStatement deny)
    {
        var namesUnspecified = deny.Conditions.Any(c => string.Equals(c.Key, RequestContext.RequestedRegion, StringComparison.OrdinalIgnoreCase)
            && c.Values.Contains(RequestContext.UnspecifiedRegion, StringComparer.Ordinal));
        if (namesUnspecified && checks.Any(c => c.Context.ValuesOf(RequestContext.RequestedRegion) is [RequestContext.UnspecifiedRegion]))
        {
            return " It denies aws:RequestedRegion = unspecified, the opt-out from global inference profiles: remove it to use global profiles, or use a geographic profile.";
        }

        if (deny.Conditions.FirstOrDefault(c => c.ReadsTime) is { } time)
        {
            return $" It denies by the time of the request ({time.OperatorText} {time.Key} {string.Join(", ", time.Values)}, line {time.Line}): the call falls outside the window it leaves open.";
        }

        if (deny.Conditions.FirstOrDefault(c => c.ReadsSourceIp) is not { } ip)
        {
            return "";
        }

        var byAddress = $" It denies by the caller's address ({ip.OperatorText} {ip.Key} {string.Join(", ", ip.Values)}, line {ip.Line}): ";
        if (FirstValue(checks, RequestContext.SourceIp) is { } from)
        {
            return byAddress + $"the call comes from {from}.";
        }

        return FirstValue(checks, RequestContext.SourceVpce) is { } vpce
            ? byAddress + $"the call comes through VPC endpoint {vpce} and carries no aws:SourceIp; exempt the endpoint (\"StringNotEqualsIfExists\": {{ \"aws:SourceVpce\": \"{vpce}\" }} in the Deny, with NotIpAddressIfExists)."
            : byAddress + "the call carries no aws:SourceIp, as calls through a VPC endpoint do; give the address the application calls from (--source-ip) or the endpoint (--source-vpce), or exempt the endpoint (aws:SourceVpce).";
    }

    /// <summary>The first value any of <paramref name="checks"/> carries for <paramref name="key"/>, or null.</summary>
    private static string? FirstValue(IReadOnlyList<AuthorizationCheck> checks, string key)
        => checks.Select(c => c.Context.ValuesOf(key)).FirstOrDefault(v => v is { Length: > 0 }) is [var value, ..] ? value : null;

    /// <summary>A statement granting exactly this check, as AWS's examples write it.</summary>
    public static string AllowStatement(AuthorizationCheck check, bool scp)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Pretty))
        {
            json.WriteStartObject();
            json.WriteString("Sid", check.StatementSid);
            json.WriteString("Effect", "Allow");
            json.WriteString("Action", check.Action);
            json.WriteString("Resource", check.Resource);
            var keys = check.Context.Entries.Where(e => !scp || string.Equals(e.Key, RequestContext.RequestedRegion, StringComparison.OrdinalIgnoreCase)).ToList();
            if (keys.Count > 0)
            {
                json.WriteStartObject("Condition");
                json.WriteStartObject("StringEquals");
                foreach (var (key, values) in keys)
                {
                    json.WriteString(key, values[0]);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string AddValue(PolicyStatement statement, PolicyCondition condition, string value) => AddValues(statement, condition, [value]);

    private static string AddValues(PolicyStatement statement, PolicyCondition condition, IReadOnlyList<string> values)
    {
        static string Quoted(string v) => "\"" + JsonEncodedText.Encode(v, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
        var list = string.Join(", ", condition.Values.Concat(values).Select(Quoted));
        return $"add {string.Join(", ", values.Select(Quoted))} to {condition.OperatorText} {condition.Key} in {statement.Name} ({statement.File}:{condition.Line}:{condition.Column}): \"{condition.Key}\": [{list}]";
    }
}
