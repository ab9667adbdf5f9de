using LoadTest.Core.Models;

namespace LoadTest.Core.Access;

/// <summary>
/// The authorization checks one Bedrock call makes, from AWS's documented policy requirements:
/// <list type="bullet">
/// <item>global profile: the profile in the source Region (<c>aws:RequestedRegion</c> = source), the
/// Regional foundation model (source, with <c>bedrock:InferenceProfileArn</c>) and the global
/// foundation model <c>arn:aws:bedrock:::foundation-model/MODEL</c> (<c>unspecified</c>, with the
/// profile ARN);</item>
/// <item>geographic profile: the profile in the source Region and the foundation model in every
/// destination Region of its geography (<c>aws:RequestedRegion</c> = that Region, with the profile
/// ARN), no <c>unspecified</c> part;</item>
/// <item>base model ID: the foundation model in the source Region;</item>
/// <item>application-profile ARN: the application profile, then the foundation-model checks of the
/// model or system profile it was made from, with <c>bedrock:InferenceProfileArn</c> = the
/// application profile.</item>
/// </list>
/// </summary>
public static class BedrockAuthorizationChecks
{
    public static IReadOnlyList<AuthorizationCheck> For(BedrockCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var profile = InferenceProfileId.Parse(call.ModelId);
        if (profile.Scope != ProfileScope.Application)
        {
            return ForProfile(profile, call, includeProfile: true, profileArn: null);
        }

        var underlying = call.UnderlyingModelId is { } id ? InferenceProfileId.Parse(id)
            : throw new ArgumentException($"{call.ModelId} is an application inference profile: give the model or inference profile it was made from", nameof(call));
        if (underlying.Scope == ProfileScope.Application)
        {
            throw new ArgumentException($"{call.ModelId} is made from another application profile ({underlying.Id}); expected a model or system inference profile", nameof(call));
        }

        var checks = new List<AuthorizationCheck>
        {
            new("the application inference profile", "AllowApplicationInferenceProfile", call.Action, call.ModelId,
                RequestContext.Of((RequestContext.RequestedRegion, call.SourceRegion))),
        };
        checks.AddRange(ForProfile(underlying, call, includeProfile: false, profileArn: call.ModelId));
        return checks;
    }

    /// <summary>The ARN of a system-defined inference profile as its policies name it.</summary>
    public static string ProfileArn(string region, string account, string profileId) => $"arn:aws:bedrock:{region}:{account}:inference-profile/{profileId}";

    public static string FoundationModelArn(string region, string modelId) => $"arn:aws:bedrock:{region}::foundation-model/{modelId}";

    /// <summary>The ARN Bedrock gives an application inference profile it creates.</summary>
    public static string ApplicationProfileArn(string region, string account, string id) => $"arn:aws:bedrock:{region}:{account}:application-inference-profile/{id}";

    private static List<AuthorizationCheck> ForProfile(InferenceProfileId profile, BedrockCall call, bool includeProfile, string? profileArn)
    {
        var source = call.SourceRegion;
        var action = call.Action;
        var model = profile.BaseModelId;
        var list = new List<AuthorizationCheck>();
        if (profile.Scope == ProfileScope.SourceRegion)
        {
            var context = profileArn is null
                ? RequestContext.Of((RequestContext.RequestedRegion, source))
                : RequestContext.Of((RequestContext.RequestedRegion, source), (RequestContext.InferenceProfileArn, profileArn));
            list.Add(new("the foundation model", "AllowFoundationModel", action, FoundationModelArn(source, model), context));
            return list;
        }

        var systemArn = ProfileArn(source, call.Account, profile.Id);
        profileArn ??= systemArn;
        if (includeProfile)
        {
            var what = profile.Scope == ProfileScope.Global ? "the global inference profile" : $"the {profile.Geography} inference profile";
            list.Add(new(what, "AllowInferenceProfile", action, systemArn, RequestContext.Of((RequestContext.RequestedRegion, source))));
        }

        if (profile.Scope == ProfileScope.Global)
        {
            list.Add(new("the Regional foundation model", "AllowRegionalFoundationModel", action, FoundationModelArn(source, model),
                RequestContext.Of((RequestContext.RequestedRegion, source), (RequestContext.InferenceProfileArn, profileArn))));
            list.Add(new("the global foundation model", "AllowGlobalFoundationModel", action, FoundationModelArn("", model),
                RequestContext.Of((RequestContext.RequestedRegion, RequestContext.UnspecifiedRegion), (RequestContext.InferenceProfileArn, profileArn))));
            return list;
        }

        // Geographic: the source Region first, then the geography's other destinations.
        var regions = GeographyRegions.RegionsOf(profile.Geography!);
        foreach (var region in regions.Where(r => r == source).Concat(regions.Where(r => r != source)))
        {
            var part = region == source ? "the Regional foundation model" : $"the foundation model in {region}";
            var sid = region == source ? "AllowRegionalFoundationModel" : "AllowFoundationModel" + string.Concat(region.Split('-').Select(Capitalised));
            list.Add(new(part, sid, action, FoundationModelArn(region, model),
                RequestContext.Of((RequestContext.RequestedRegion, region), (RequestContext.InferenceProfileArn, profileArn))));
        }

        return list;
    }

    private static string Capitalised(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
