namespace LoadTest.Core.Access;

/// <summary>
/// The IAM policy grammar over a positioned JSON tree: Version, Id and Statement at the top;
/// Statement an object or an array of them; Sid, Effect, Action | NotAction, Resource |
/// NotResource (a string or an array of strings) and Condition in each statement. Identity
/// policies and SCPs name no Principal, so one is refused.
/// </summary>
internal static class PolicyDocumentParser
{
    private static readonly string[] TopKeys = ["Version", "Id", "Statement"];
    private static readonly string[] StatementKeys = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"];
    private static readonly string[] Versions = ["2012-10-17", "2008-10-17"];
    private static readonly ConditionOperator[] Operators = Enum.GetValues<ConditionOperator>();

    public const string ExpectedOperators =
        "StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike, "
        + "ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, NumericEquals, NumericNotEquals, NumericLessThan(Equals), NumericGreaterThan(Equals), "
        + "DateEquals, DateNotEquals, DateLessThan(Equals), DateGreaterThan(Equals), Bool, IpAddress, NotIpAddress or Null, optionally with an IfExists suffix and a ForAnyValue: or ForAllValues: prefix";

    public static PolicyDocument Parse(PolicyJsonNode root, string file)
    {
        if (root.Kind != PolicyJsonNode.NodeKind.Object)
        {
            throw Error(file, root, $"expected an IAM policy document (an object with \"Statement\"), found {root.Describe()}");
        }

        CheckKeys(file, root, TopKeys, "a policy document");
        if (Member(root, "Version") is { } version && (version.Kind != PolicyJsonNode.NodeKind.String || !Versions.Contains(version.Text)))
        {
            throw Error(file, version, $"expected \"Version\": \"2012-10-17\", found {version.Describe()}");
        }

        var statement = Member(root, "Statement")
            ?? throw Error(file, root, "expected \"Statement\": a policy document needs at least one statement");
        var items = statement.Kind switch
        {
            PolicyJsonNode.NodeKind.Object => [statement],
            PolicyJsonNode.NodeKind.Array => statement.Items,
            _ => throw Error(file, statement, $"expected \"Statement\" to be an object or an array of objects, found {statement.Describe()}"),
        };
        if (items.Count == 0)
        {
            throw Error(file, statement, "expected at least one statement in \"Statement\"");
        }

        return new PolicyDocument(file, items.Select((s, i) => ParseStatement(file, s, i)).ToList());
    }

    private static PolicyStatement ParseStatement(string file, PolicyJsonNode node, int index)
    {
        if (node.Kind != PolicyJsonNode.NodeKind.Object)
        {
            throw Error(file, node, $"expected a statement object, found {node.Describe()}");
        }

        foreach (var (name, line, column, _) in node.Members)
        {
            if (name is "Principal" or "NotPrincipal")
            {
                throw new ConfigException(file, line, column, $"\"{name}\" belongs to resource-based policies; expected an identity policy or SCP, whose statements have no principal");
            }
        }

        CheckKeys(file, node, StatementKeys, "a statement");
        var sid = Member(node, "Sid") is { } sidNode ? String(file, sidNode, "\"Sid\"") : null;
        var effectNode = Member(node, "Effect") ?? throw Error(file, node, "expected \"Effect\": \"Allow\" or \"Deny\" in the statement");
        var effect = effectNode is { Kind: PolicyJsonNode.NodeKind.String, Text: "Allow" } ? PolicyEffect.Allow
            : effectNode is { Kind: PolicyJsonNode.NodeKind.String, Text: "Deny" } ? PolicyEffect.Deny
            : throw Error(file, effectNode, $"expected \"Effect\": \"Allow\" or \"Deny\", found {effectNode.Describe()}");

        var (actions, notAction) = OneOf(file, node, "Action", "NotAction", ignoreCase: true);
        var (resources, notResource) = OneOf(file, node, "Resource", "NotResource", ignoreCase: false);
        var conditions = Member(node, "Condition") is { } conditionNode ? ParseConditions(file, conditionNode) : [];
        return new PolicyStatement
        {
            File = file,
            Index = index,
            Sid = sid,
            Line = node.Line,
            Column = node.Column,
            Effect = effect,
            Actions = actions,
            NotAction = notAction,
            Resources = resources,
            NotResource = notResource,
            Conditions = conditions,
        };
    }

    private static (IReadOnlyList<WildcardPattern> Patterns, bool Not) OneOf(string file, PolicyJsonNode statement, string plain, string not, bool ignoreCase)
    {
        var plainNode = Member(statement, plain);
        var notNode = Member(statement, not);
        if (plainNode is not null && notNode is not null)
        {
            throw Error(file, notNode, $"expected either \"{plain}\" or \"{not}\" in a statement, not both");
        }

        var node = plainNode ?? notNode ?? throw Error(file, statement, $"expected \"{plain}\" or \"{not}\" in the statement");
        var name = plainNode is not null ? plain : not;
        var values = Strings(file, node, $"\"{name}\"", textOnly: true);
        return (values.Select(v => new WildcardPattern(v, ignoreCase)).ToList(), notNode is not null);
    }

    private static List<PolicyCondition> ParseConditions(string file, PolicyJsonNode block)
    {
        if (block.Kind != PolicyJsonNode.NodeKind.Object)
        {
            throw Error(file, block, $"expected \"Condition\" to be an object of operators, found {block.Describe()}");
        }

        var list = new List<PolicyCondition>();
        foreach (var (operatorText, line, column, keys) in block.Members)
        {
            var (op, qualifier, ifExists) = ParseOperator(operatorText)
                ?? throw new ConfigException(file, line, column, $"unknown condition operator \"{operatorText}\"; expected {ExpectedOperators}");
            if (keys.Kind != PolicyJsonNode.NodeKind.Object || keys.Members.Count == 0)
            {
                throw Error(file, keys, $"expected \"{operatorText}\" to map condition keys to values, e.g. {{ \"aws:RequestedRegion\": \"ap-south-1\" }}, found {keys.Describe()}");
            }

            foreach (var (key, keyLine, keyColumn, values) in keys.Members)
            {
                var texts = Strings(file, values, $"\"{key}\"");
                CheckValues(file, values, op, operatorText, key, texts);
                list.Add(new PolicyCondition(op, qualifier, ifExists, key, texts, keyLine, keyColumn));
            }
        }

        return list;
    }

    /// <summary>A numeric, date or IP operator's values must read as numbers, dates or address ranges: IAM rejects the policy otherwise.</summary>
    private static void CheckValues(string file, PolicyJsonNode values, ConditionOperator op, string operatorText, string key, List<string> texts)
    {
        var numeric = op.IsNumeric();
        var date = op.IsDate();
        var ip = op.IsIp();
        for (var i = 0; i < texts.Count; i++)
        {
            var bad = (numeric && PolicyCondition.Number(texts[i]) is null) || (date && PolicyCondition.Date(texts[i]) is null) || (ip && IpRange.Parse(texts[i]) is null);
            if (bad)
            {
                var at = values.Kind == PolicyJsonNode.NodeKind.Array ? values.Items[i] : values;
                var expected = numeric ? "a number (e.g. 3600)"
                    : date ? "a date (ISO 8601, e.g. 2026-12-31T23:59:59Z, or epoch seconds)"
                    : "an IP address or CIDR range (e.g. 203.0.113.0/24 or 2001:db8::/32)";
                throw Error(file, at, $"expected \"{key}\" under {operatorText} to be {expected}, found \"{texts[i]}\"");
            }
        }
    }

    private static (ConditionOperator, ConditionSetQualifier, bool)? ParseOperator(string text)
    {
        var qualifier = ConditionSetQualifier.None;
        var rest = text;
        foreach (var q in new[] { ConditionSetQualifier.ForAnyValue, ConditionSetQualifier.ForAllValues })
        {
            var prefix = q + ":";
            if (rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                qualifier = q;
                rest = rest[prefix.Length..];
            }
        }

        var ifExists = rest.EndsWith("IfExists", StringComparison.Ordinal) && rest != "IfExists";
        if (ifExists)
        {
            rest = rest[..^"IfExists".Length];
        }

        var known = Array.FindIndex(Operators, o => o.ToString() == rest);
        if (known < 0)
        {
            return null;
        }

        var op = Operators[known];
        if (op == ConditionOperator.Null && (ifExists || qualifier != ConditionSetQualifier.None))
        {
            return null;
        }

        return (op, qualifier, ifExists);
    }

    /// <summary>A string or an array of strings; unless <paramref name="textOnly"/>, numbers and bools too, read as their text (condition values, as IAM does).</summary>
    private static List<string> Strings(string file, PolicyJsonNode node, string what, bool textOnly = false)
    {
        if (node.Kind == PolicyJsonNode.NodeKind.Array)
        {
            if (node.Items.Count == 0)
            {
                throw Error(file, node, $"expected {what} to hold at least one value");
            }

            return node.Items.Select(i => Scalar(file, i, what, textOnly)).ToList();
        }

        return [Scalar(file, node, what, textOnly)];
    }

    private static string Scalar(string file, PolicyJsonNode node, string what, bool textOnly)
        => node.Kind == PolicyJsonNode.NodeKind.String || (!textOnly && node.Kind is PolicyJsonNode.NodeKind.Bool or PolicyJsonNode.NodeKind.Number)
            ? node.Text
            : throw Error(file, node, $"expected {what} to be a string or an array of strings, found {node.Describe()}");

    private static string String(string file, PolicyJsonNode node, string what)
        => node.Kind == PolicyJsonNode.NodeKind.String ? node.Text : throw Error(file, node, $"expected {what} to be a string, found {node.Describe()}");

    private static void CheckKeys(string file, PolicyJsonNode node, string[] allowed, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, line, column, _) in node.Members)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new ConfigException(file, line, column, $"unexpected \"{name}\" in {what}; expected {string.Join(", ", allowed)}");
            }

            if (!seen.Add(name))
            {
                throw new ConfigException(file, line, column, $"\"{name}\" appears twice in {what}");
            }
        }
    }

    private static PolicyJsonNode? Member(PolicyJsonNode node, string name)
    {
        foreach (var member in node.Members)
        {
            if (member.Name == name)
            {
                return member.Value;
            }
        }

        return null;
    }

    private static ConfigException Error(string file, PolicyJsonNode node, string message) => new(file, node.Line, node.Column, message);
}
