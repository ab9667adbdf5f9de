namespace LoadTest.Core.Access;

/// <summary>
/// One statement of a policy file, compiled: its patterns and conditions are parsed once, so
/// deciding whether it applies to a check does no JSON work. <see cref="NotAction"/> /
/// <see cref="NotResource"/> say the lists are exclusions (the statement applies to everything
/// else).
/// </summary>
public sealed record PolicyStatement
{
    public required string File { get; init; }

    /// <summary>0-based position in the file's Statement list.</summary>
    public required int Index { get; init; }

    public string? Sid { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    public required PolicyEffect Effect { get; init; }

    public required IReadOnlyList<WildcardPattern> Actions { get; init; }

    public bool NotAction { get; init; }

    public required IReadOnlyList<WildcardPattern> Resources { get; init; }

    public bool NotResource { get; init; }

    public IReadOnlyList<PolicyCondition> Conditions { get; init; } = [];

    /// <summary>"statement \"AllowGlobalModel\"" or "statement 2" (1-based) when it has no Sid.</summary>
    public string Name => Sid is { Length: > 0 } ? $"statement \"{Sid}\"" : $"statement {Index + 1}";

    /// <summary>"policy.json:12:5".</summary>
    public string Position => $"{File}:{Line}:{Column}";

    public bool Applies(AuthorizationCheck check) => CoversAction(check.Action) && CoversResource(check.Resource) && ConditionsHold(check.Context);

    public bool CoversAction(string action) => AnyMatch(Actions, action) != NotAction;

    public bool CoversResource(string resource) => AnyMatch(Resources, resource) != NotResource;

    public bool ConditionsHold(RequestContext context)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.IsSatisfiedBy(context))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyMatch(IReadOnlyList<WildcardPattern> patterns, string value)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Matches(value))
            {
                return true;
            }
        }

        return false;
    }
}
