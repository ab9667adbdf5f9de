using System.Text;
using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Core.Models;

namespace LoadTest.Import;

/// <summary>
/// How `loadtest import --group-by` splits records into workloads. A workload has one model and
/// one API, so records are always split by model and operation (<c>model</c> and <c>operation</c>
/// name that default); <c>requestMetadata.KEY</c> splits them further by that key's value, records
/// without the key going to a workload of their own named <c>...-no-KEY</c>.
/// </summary>
public sealed record WorkloadGrouping
{
    public const string MetadataPrefix = "requestMetadata.";

    private WorkloadGrouping(string? metadataKey) => MetadataKey = metadataKey;

    /// <summary>One workload per model and operation.</summary>
    public static WorkloadGrouping Default { get; } = new((string?)null);

    /// <summary>The requestMetadata key whose values split the workloads; null = none.</summary>
    public string? MetadataKey { get; }

    /// <summary>Reads --group-by: null, <c>model</c>, <c>operation</c> (the default) or <c>requestMetadata.KEY</c>.</summary>
    public static WorkloadGrouping Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t) || t is "model" or "operation" or "model,operation" or "operation,model")
        {
            return Default;
        }

        if (t.StartsWith(MetadataPrefix, StringComparison.Ordinal) && t.Length > MetadataPrefix.Length)
        {
            return new WorkloadGrouping(t[MetadataPrefix.Length..]);
        }

        var hint = t.Contains('.', StringComparison.Ordinal) ? "" : $"; did you mean '{MetadataPrefix}{t}'?";
        throw new ConfigException($"--group-by: '{t}' is not a grouping; expected {MetadataPrefix}KEY (e.g. {MetadataPrefix}tenant), or model / operation (the default: one workload per model and operation){hint}");
    }

    public WorkloadKey KeyOf(ImportedInvocation record, ApiKind api)
    {
        ArgumentNullException.ThrowIfNull(record);
        var group = MetadataKey is { } key && record.RequestMetadata.TryGetValue(key, out var value) ? value : null;
        return new WorkloadKey(record.ModelId, api, group);
    }

    /// <summary>
    /// Readable, unique workload names, e.g. <c>claude-haiku-4-5-converse-stream</c> or
    /// <c>claude-haiku-4-5-converse-stream-acme-corp</c>: the model's short name (no Region prefix,
    /// vendor, date or version), the API, and the sanitised group value (lower case letters, digits
    /// and single dashes, at most 40 characters; <c>no-KEY</c> for records without the key). Where two
    /// model IDs share a short name the full model ID is used instead; names still equal get
    /// <c>-2</c>, <c>-3</c>... in key order.
    /// </summary>
    public IReadOnlyDictionary<WorkloadKey, string> Names(IEnumerable<WorkloadKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ordered = keys.Distinct()
            .OrderBy(k => k.Model, StringComparer.Ordinal).ThenBy(k => k.Api).ThenBy(k => k.Group is null).ThenBy(k => k.Group, StringComparer.Ordinal)
            .ToList();
        var shortOwners = ordered.GroupBy(k => ShortModel(k.Model)).ToDictionary(g => g.Key, g => g.Select(k => k.Model).Distinct().Count(), StringComparer.Ordinal);
        var names = new Dictionary<WorkloadKey, string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in ordered)
        {
            var shortName = ShortModel(k.Model);
            var model = shortOwners[shortName] > 1 ? Sanitise(k.Model, 120) : shortName;
            var name = model + "-" + k.Api.ToText();
            if (MetadataKey is { } key)
            {
                name += "-" + (k.Group is { } g ? Sanitise(g, 40) : "no-" + Sanitise(key, 40));
            }

            var unique = name;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = $"{name}-{n}";
            }

            names[k] = unique;
        }

        return names;
    }

    /// <summary><c>global.anthropic.claude-haiku-4-5-20251001-v1:0</c> -> <c>claude-haiku-4-5</c>; an ARN by its last segment.</summary>
    internal static string ShortModel(string modelId)
    {
        var id = modelId[(modelId.LastIndexOf('/') + 1)..];
        if (id.Length == 0)
        {
            return Sanitise(modelId, 120);
        }

        id = InferenceProfileId.Parse(id).BaseModelId;
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && dot < id.Length - 1)
        {
            id = id[(dot + 1)..];
        }

        var parts = id.Split('-').ToList();
        var date = parts.FindIndex(p => p.Length == 8 && p.All(char.IsAsciiDigit));
        if (date > 0)
        {
            parts.RemoveRange(date, parts.Count - date);
        }
        else if (parts.Count > 1 && parts[^1].Length > 1 && parts[^1][0] == 'v' && char.IsAsciiDigit(parts[^1][1]))
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return Sanitise(string.Join('-', parts), 120);
    }

    /// <summary>Lower-case ASCII letters and digits, every other run of characters one dash, no dash at either end.</summary>
    internal static string Sanitise(string text, int maxLength)
    {
        var b = new StringBuilder(Math.Min(text.Length, maxLength));
        foreach (var c in text)
        {
            if (b.Length >= maxLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                b.Append(char.ToLowerInvariant(c));
            }
            else if (b.Length > 0 && b[^1] != '-')
            {
                b.Append('-');
            }
        }

        var s = b.ToString().Trim('-');
        return s.Length == 0 ? "blank" : s;
    }
}
