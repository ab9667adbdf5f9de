namespace LoadTest.Core.Access;

/// <summary>
/// One authorization Bedrock makes for a call: an action on a resource with its condition keys.
/// <see cref="Part"/> names it for people ("the global foundation model"); <see cref="Label"/>
/// adds the resource and keys, which is what a refusal prints; <see cref="StatementSid"/> is the
/// Sid a statement granting it would carry.
/// </summary>
public sealed record AuthorizationCheck(string Part, string StatementSid, string Action, string Resource, RequestContext Context)
{
    /// <summary>"the global foundation model arn:aws:bedrock:::foundation-model/… with aws:RequestedRegion = unspecified and …".</summary>
    public string Label => $"{Part} {Resource} with {Context}";
}
