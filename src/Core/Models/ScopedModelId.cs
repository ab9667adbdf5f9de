namespace LoadTest.Core.Models;

/// <summary>
/// The same model under another inference-profile scope, as <c>loadtest run --profile-scope</c>
/// asks: <c>global</c> (<c>global.MODEL</c>), <c>geo</c> (the source Region's geography, e.g.
/// <c>apac.MODEL</c> from ap-south-1) or <c>base</c> (the bare model ID, served in the source Region only).
/// </summary>
public static class ScopedModelId
{
    /// <summary>The <c>--profile-scope</c> words, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> Names { get; } = ["global", "geo", "base"];

    /// <summary><c>global</c>, <c>geo</c> or <c>base</c>; anything else is a <see cref="ConfigException"/> naming <paramref name="option"/>.</summary>
    public static ProfileScope Parse(string text, string option) => text switch
    {
        "global" => ProfileScope.Global,
        "geo" => ProfileScope.Geographic,
        "base" => ProfileScope.SourceRegion,
        _ => throw new ConfigException($"{option} should be one of {string.Join(", ", Names)}, got '{text}'"),
    };

    /// <summary>The word <see cref="Parse"/> reads for <paramref name="scope"/>.</summary>
    public static string ToText(ProfileScope scope) => scope switch
    {
        ProfileScope.Global => "global",
        ProfileScope.Geographic => "geo",
        ProfileScope.SourceRegion => "base",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "an application inference profile is not a scope a run can be rewritten to"),
    };

    /// <summary>
    /// <paramref name="modelId"/> under <paramref name="scope"/> from <paramref name="sourceRegion"/>. An
    /// application inference profile ARN is returned as it is: its scope is the profile it was made from.
    /// </summary>
    public static string For(string modelId, ProfileScope scope, string sourceRegion)
    {
        var profile = InferenceProfileId.Parse(modelId);
        if (profile.Scope == ProfileScope.Application)
        {
            return modelId;
        }

        return scope switch
        {
            ProfileScope.Global => "global." + profile.BaseModelId,
            ProfileScope.SourceRegion => profile.BaseModelId,
            ProfileScope.Geographic => (GeographyRegions.BroadestOf(sourceRegion)
                ?? throw new ConfigException($"--profile-scope geo: source Region '{sourceRegion}' is in no geography with geographic inference profiles (us, eu, apac, ca, us-gov); use global or base"))
                + "." + profile.BaseModelId,
            _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, "not a scope a run can be rewritten to"),
        };
    }
}
