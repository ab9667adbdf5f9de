namespace LoadTest.Core.Access;

/// <summary>
/// The decision on one <see cref="AuthorizationCheck"/>: for an explicit deny
/// <see cref="Statement"/> is the denying statement, for an allow the identity statement that
/// grants it; <see cref="Reason"/> says it in words and <see cref="Remedy"/> is what to change
/// (a JSON statement to paste, or the edit to an existing statement), null when allowed.
/// </summary>
public sealed record CheckOutcome(AuthorizationCheck Check, AccessDecision Decision, PolicyStatement? Statement, string Reason, string? Remedy)
{
    public bool Allowed => Decision == AccessDecision.Allowed;
}
