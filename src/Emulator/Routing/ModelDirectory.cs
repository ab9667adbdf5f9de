using LoadTest.Core;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Emulator.Generation;
using LoadTest.Emulator.Regions;

namespace LoadTest.Emulator.Routing;

/// <summary>
/// Every model ID the emulator answers to, looked up by the raw path segment a client sent
/// (':' raw or %3A, an ARN's '/' as %2F) without allocating for the common forms. Application
/// inference profiles created or deleted through the control plane change it while requests run:
/// a change builds a new table and swaps it in (copy on write), so a lookup reads one immutable
/// table with no lock and no allocation, and changes, which are rare, pay the copy.
/// </summary>
internal sealed class ModelDirectory
{
    private readonly Lock _changes = new();
    private Table _table;

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

        var byId = new Dictionary<string, EmulatedModel>(StringComparer.Ordinal);
        foreach (var s in staged)
        {
            Add(byId, new EmulatedModel
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

        foreach (var (app, _) in apps)
        {
            var own = options.EnforceQuotas && HasLimits(app.Limits) ? new ProfileQuota(app.Limits) : null;
            Add(byId, ApplicationProfile(app.Id, byId[app.Target!], own));
        }

        _table = new Table(byId);
    }

    /// <summary>Every model and profile served now (each once), for the control plane's listings.</summary>
    public IEnumerable<EmulatedModel> All => Volatile.Read(ref _table).ById.Values.Distinct();

    /// <summary>The model a raw path segment names, or null.</summary>
    public EmulatedModel? Find(ReadOnlySpan<char> rawSegment)
    {
        var table = Volatile.Read(ref _table);
        if (table.Lookup.TryGetValue(rawSegment, out var model))
        {
            return model;
        }

        if (rawSegment.IndexOf('%') < 0)
        {
            return null;
        }

        // Rare forms (lower-case hex, other escapes): decode and look again.
        var decoded = Uri.UnescapeDataString(rawSegment.ToString());
        return table.ById.GetValueOrDefault(decoded);
    }

    public EmulatedModel? Find(string id) => Volatile.Read(ref _table).ById.GetValueOrDefault(id);

    /// <summary>
    /// Serves <paramref name="arn"/> from now on as a copy of <paramref name="source"/>: the same
    /// destinations, the same quota and the same Regional capacity (an application profile adds a
    /// name and tags, not throughput). False when the ID is already served.
    /// </summary>
    public bool TryAddApplicationProfile(string arn, EmulatedModel source)
    {
        lock (_changes)
        {
            var current = _table.ById;
            if (current.ContainsKey(arn))
            {
                return false;
            }

            var next = new Dictionary<string, EmulatedModel>(current, StringComparer.Ordinal);
            Add(next, ApplicationProfile(arn, source, ownQuota: null));
            Volatile.Write(ref _table, new Table(next));
            return true;
        }
    }

    /// <summary>Stops serving <paramref name="id"/> in every encoding; requests already admitted finish.</summary>
    public void Remove(string id)
    {
        lock (_changes)
        {
            var next = new Dictionary<string, EmulatedModel>(_table.ById, StringComparer.Ordinal);
            foreach (var key in Keys(id))
            {
                next.Remove(key);
            }

            Volatile.Write(ref _table, new Table(next));
        }
    }

    /// <summary>One rule for an application profile, declared under models: or created at run time.</summary>
    private static EmulatedModel ApplicationProfile(string id, EmulatedModel source, ProfileQuota? ownQuota) => new()
    {
        Id = id,
        MadeFrom = source.Id,
        Spec = source.Spec with { Id = id },
        BaseModelId = source.BaseModelId,
        Destinations = source.Destinations,
        Quota = source.Quota,
        OwnQuota = ownQuota,
        Capacity = source.Capacity,
        Output = source.Output,
    };

    private static void Add(Dictionary<string, EmulatedModel> byId, EmulatedModel model)
    {
        foreach (var key in Keys(model.Id))
        {
            byId[key] = model;
        }
    }

    /// <summary>The ID as sent raw, fully escaped, and (':' being legal raw in a path segment) with only an ARN's '/' escaped.</summary>
    private static IEnumerable<string> Keys(string id)
        => new[] { id, Uri.EscapeDataString(id), id.Replace("/", "%2F", StringComparison.Ordinal) }.Distinct(StringComparer.Ordinal);

    private static bool HasLimits(QuotaLimits limits)
        => limits.TokensPerMinute is > 0 || limits.RequestsPerMinute is > 0 || limits.TokensPerDay is > 0;

    /// <summary>One immutable generation of the directory and its span lookup.</summary>
    private sealed class Table
    {
        public Table(Dictionary<string, EmulatedModel> byId)
        {
            ById = byId;
            Lookup = byId.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public Dictionary<string, EmulatedModel> ById { get; }

        public Dictionary<string, EmulatedModel>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }
    }

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
