using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Regions;

namespace LoadTest.Emulator.Routing;

/// <summary>
/// Every model ID the emulator answers to, looked up by the raw path segment a client sent
/// (':' raw or %3A, an ARN's '/' as %2F) without allocating for the common forms.
/// </summary>
internal sealed class ModelDirectory
{
    private readonly Dictionary<string, EmulatedModel> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedModel>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ModelDirectory(EmulatorOptions options, RegionTable regions)
    {
        var pools = new Dictionary<string, CapacityPool>(StringComparer.Ordinal);
        var plain = options.Models.Where(m => m.Profile.Scope != ProfileScope.Application).ToList();
        var staged = new List<(ModelSpec Spec, string BaseId, List<int> Dest, ProfileQuota? Quota)>();
        foreach (var spec in plain)
        {
            var profile = spec.Profile;
            var dest = Destinations(profile, options, regions);
            var quota = options.EnforceQuotas && HasLimits(spec.Limits) ? new ProfileQuota(spec.Limits) : null;
            staged.Add((spec, profile.BaseModelId, dest, quota));
        }

        var byPlainId = staged.ToDictionary(s => s.Spec.Id, StringComparer.Ordinal);
        var apps = new List<(ModelSpec App, (ModelSpec Spec, string BaseId, List<int> Dest, ProfileQuota? Quota) Target)>();
        foreach (var app in options.Models.Where(m => m.Profile.Scope == ProfileScope.Application))
        {
            if (app.Target is null || !byPlainId.TryGetValue(app.Target, out var target))
            {
                throw new ConfigException(
                    $"application inference profile '{app.Id}' targets '{app.Target}', which is not a model or inference profile the emulator serves");
            }

            apps.Add((app, target));
        }

        regions.Seal();
        CapacityPool Pool(string baseId)
        {
            if (!pools.TryGetValue(baseId, out var pool))
            {
                pool = new CapacityPool(regions.Count);
                pools[baseId] = pool;
            }

            return pool;
        }

        foreach (var s in staged)
        {
            Add(new EmulatedModel
            {
                Id = s.Spec.Id,
                Spec = s.Spec,
                BaseModelId = s.BaseId,
                Destinations = s.Dest.ToArray(),
                Quota = s.Quota,
                Capacity = Pool(s.BaseId),
                Output = new OutputLength(s.Spec.OutputTokensMean, s.Spec.OutputTokensP95),
            });
        }

        foreach (var (app, t) in apps)
        {
            var own = options.EnforceQuotas && HasLimits(app.Limits) ? new ProfileQuota(app.Limits) : null;
            Add(new EmulatedModel
            {
                Id = app.Id,
                MadeFrom = t.Spec.Id,
                Spec = t.Spec with { Id = app.Id },
                BaseModelId = t.BaseId,
                Destinations = t.Dest.ToArray(),
                Quota = t.Quota,
                OwnQuota = own,
                Capacity = Pool(t.BaseId),
                Output = new OutputLength(t.Spec.OutputTokensMean, t.Spec.OutputTokensP95),
            });
        }

        _lookup = _byId.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The model a raw path segment names, or null.</summary>
    public EmulatedModel? Find(ReadOnlySpan<char> rawSegment)
    {
        if (_lookup.TryGetValue(rawSegment, out var model))
        {
            return model;
        }

        if (rawSegment.IndexOf('%') < 0)
        {
            return null;
        }

        // Rare forms (lower-case hex, other escapes): decode and look again.
        var decoded = Uri.UnescapeDataString(rawSegment.ToString());
        return _byId.GetValueOrDefault(decoded);
    }

    public EmulatedModel? Find(string id) => _byId.GetValueOrDefault(id);

    private void Add(EmulatedModel model)
    {
        _byId[model.Id] = model;
        var escaped = Uri.EscapeDataString(model.Id);
        if (!string.Equals(escaped, model.Id, StringComparison.Ordinal))
        {
            _byId[escaped] = model;
        }

        // ':' is legal raw in a path segment, so an ARN may arrive with only its '/' escaped.
        var slashOnly = model.Id.Replace("/", "%2F", StringComparison.Ordinal);
        if (!string.Equals(slashOnly, model.Id, StringComparison.Ordinal))
        {
            _byId[slashOnly] = model;
        }
    }

    private static bool HasLimits(QuotaLimits limits)
        => limits.TokensPerMinute is > 0 || limits.RequestsPerMinute is > 0 || limits.TokensPerDay is > 0;

    private static List<int> Destinations(InferenceProfileId profile, EmulatorOptions options, RegionTable regions)
    {
        var source = options.SourceRegion;
        var list = new List<string>();
        switch (profile.Scope)
        {
            case ProfileScope.Global:
                list.Add(source);
                list.AddRange(options.Regions);
                break;
            case ProfileScope.Geographic:
                var geo = profile.Geography!;
                if (GeographyRegions.BelongsTo(source, geo))
                {
                    list.Add(source);
                }

                var inPool = options.Regions.Where(r => GeographyRegions.BelongsTo(r, geo)).ToList();
                list.AddRange(inPool.Count > 0 ? inPool : GeographyRegions.RegionsOf(geo));
                break;
            default:
                list.Add(source);
                break;
        }

        return list.Distinct(StringComparer.Ordinal).Select(regions.Intern).ToList();
    }
}
