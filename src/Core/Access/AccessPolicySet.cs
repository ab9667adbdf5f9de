using System.Collections.Concurrent;

namespace LoadTest.Core.Access;

/// <summary>
/// Identity policies and SCPs, parsed once, that decide whether Bedrock calls are allowed, with
/// IAM's evaluation rules for the parts Bedrock access policies use.
/// <para>Use: <c>var set = AccessPolicySet.Load(policyFiles, scpFiles);</c> once (a bad file is a
/// <see cref="ConfigException"/> with file:line:column), then per request
/// <c>set.Authorize(new BedrockCall(modelId, operation, sourceRegion, account))</c> →
/// <see cref="AccessVerdict"/>; refused calls give Bedrock's wording through
/// <see cref="AccessVerdict.AccessDeniedMessage"/>. Authorize does no JSON work and caches its
/// verdict per call (the set is immutable), so after the first request for a model and operation
/// it is one dictionary lookup: safe to call from many threads on a request path.</para>
/// <para>Rules: an explicit Deny in any identity policy or SCP refuses; otherwise an identity
/// Allow is needed. SCPs are an outer boundary: with none given there is none. SCPs that contain
/// an Allow statement are an allow-list (the call needs one of their Allows too; all files count
/// as attached together); SCPs with only Deny statements are deny-lists next to AWS's default
/// FullAWSAccess SCP, so only their Denies matter.</para>
/// </summary>
public sealed class AccessPolicySet
{
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<BedrockCall, AccessVerdict> _verdicts = new();
    private readonly PolicyStatement[] _identity;
    private readonly PolicyStatement[] _scp;

    public AccessPolicySet(IReadOnlyList<PolicyDocument> identityPolicies, IReadOnlyList<PolicyDocument> serviceControlPolicies)
    {
        IdentityPolicies = identityPolicies;
        ServiceControlPolicies = serviceControlPolicies;
        _identity = identityPolicies.SelectMany(p => p.Statements).ToArray();
        _scp = serviceControlPolicies.SelectMany(p => p.Statements).ToArray();
        ScpsAreAllowList = _scp.Any(s => s.Effect == PolicyEffect.Allow);
        ReadsTime = _identity.Concat(_scp).Any(s => s.Conditions.Any(c => c.ReadsTime));
        ReadsNetwork = _identity.Concat(_scp).Any(s => s.Conditions.Any(c => c.ReadsNetwork));
    }

    /// <summary>True when a condition reads the request's time (time-boxed access): verdicts then depend on when the call is made.</summary>
    public bool ReadsTime { get; }

    /// <summary>True when a condition reads where the call comes from (<c>aws:SourceIp</c>, <c>aws:SourceVpce</c>, <c>aws:SourceVpc</c>): verdicts then depend on it.</summary>
    public bool ReadsNetwork { get; }

    public IReadOnlyList<PolicyDocument> IdentityPolicies { get; }

    public IReadOnlyList<PolicyDocument> ServiceControlPolicies { get; }

    /// <summary>True when some SCP has an Allow statement, so a call also needs an SCP Allow.</summary>
    public bool ScpsAreAllowList { get; }

    public static AccessPolicySet Load(IEnumerable<string> policyFiles, IEnumerable<string> scpFiles)
    {
        var identity = policyFiles.Select(PolicyDocument.Load).ToList();
        if (identity.Count == 0)
        {
            throw new ConfigException("give at least one identity policy file (--policy FILE)");
        }

        return new AccessPolicySet(identity, scpFiles.Select(PolicyDocument.Load).ToList());
    }

    /// <summary>
    /// The verdict for <paramref name="call"/> made from <paramref name="origin"/>: with conditions
    /// on the time or where the call comes from the checks carry <c>aws:CurrentTime</c>,
    /// <c>aws:EpochTime</c>, and <c>aws:SourceIp</c> or <c>aws:SourceVpce</c> / <c>aws:SourceVpc</c>,
    /// and the verdict is not cached; without, this is <see cref="Authorize(BedrockCall)"/>.
    /// </summary>
    public AccessVerdict Authorize(BedrockCall call, RequestOrigin origin)
        => !ReadsTime && !ReadsNetwork ? Authorize(call)
            : new AccessVerdict(call, BedrockAuthorizationChecks.For(call).Select(c => Evaluate(c with { Context = c.Context.From(origin) })).ToList());

    /// <summary>The verdict for <paramref name="call"/> with no request time (a condition on <c>aws:CurrentTime</c> then meets an absent key).</summary>
    public AccessVerdict Authorize(BedrockCall call)
    {
        if (_verdicts.TryGetValue(call, out var cached))
        {
            return cached;
        }

        var verdict = new AccessVerdict(call, BedrockAuthorizationChecks.For(call).Select(Evaluate).ToList());
        if (_verdicts.Count < CacheLimit)
        {
            _verdicts.TryAdd(call, verdict);
        }

        return verdict;
    }

    public CheckOutcome Evaluate(AuthorizationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (FirstApplying(_identity, PolicyEffect.Deny, check) is { } identityDeny)
        {
            return new(check, AccessDecision.ExplicitDenyInIdentityPolicy, identityDeny,
                $"denied: {check.Label}, by {identityDeny.Name} of the identity policy {identityDeny.Position}", PolicyRemedy.ForExplicitDeny([check], identityDeny));
        }

        if (FirstApplying(_scp, PolicyEffect.Deny, check) is { } scpDeny)
        {
            return new(check, AccessDecision.ExplicitDenyInScp, scpDeny,
                $"denied: {check.Label}, by {scpDeny.Name} of the SCP {scpDeny.Position}", PolicyRemedy.ForExplicitDeny([check], scpDeny));
        }

        var allow = FirstApplying(_identity, PolicyEffect.Allow, check);
        if (allow is null)
        {
            return new(check, AccessDecision.NoIdentityAllow, null,
                $"missing: no identity-policy statement allows {check.Action} on {check.Label}", PolicyRemedy.ForMissingAllow(check, _identity, scp: false));
        }

        if (ScpsAreAllowList && FirstApplying(_scp, PolicyEffect.Allow, check) is null)
        {
            return new(check, AccessDecision.NoScpAllow, null,
                $"outside the SCPs: no SCP statement allows {check.Action} on {check.Label}", PolicyRemedy.ForMissingAllow(check, _scp, scp: true));
        }

        return new(check, AccessDecision.Allowed, allow, $"allowed by {allow.Name} ({allow.Position})", null);
    }

    /// <summary>The 12-digit accounts the identity policies' ARNs name (Resource and condition values, not wildcards), for a caller that was given none.</summary>
    public IReadOnlyList<string> AccountsNamed()
        => _identity.SelectMany(s => s.Resources.Select(r => r.Text).Concat(s.Conditions.SelectMany(c => c.Values)))
            .Select(text => text.Split(':')).Where(p => p.Length >= 6 && p[0] == "arn" && IsAccount(p[4]))
            .Select(p => p[4]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static bool IsAccount(string text) => text.Length == 12 && text.All(char.IsAsciiDigit);

    private static PolicyStatement? FirstApplying(PolicyStatement[] statements, PolicyEffect effect, AuthorizationCheck check)
    {
        foreach (var s in statements)
        {
            if (s.Effect == effect && s.Applies(check))
            {
                return s;
            }
        }

        return null;
    }
}
