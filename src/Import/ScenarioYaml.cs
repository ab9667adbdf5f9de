using System.Globalization;
using System.Text;
using LoadTest.Config;
using LoadTest.Core.Models;
using LoadTest.Results;

namespace LoadTest.Import;

/// <summary>
/// The text of the scenarios.yaml `loadtest import` writes, in the shape ScenarioConfigLoader reads
/// (docs/scenarios.md): <c>models:</c> with their quotas and where each came from, the emulator as
/// target, one workload per <see cref="WorkloadKey"/> with its fitted token distributions, and the
/// scenarios <c>replay</c> and <c>replay-4x</c> playing arrivals.csv. Every rule it applies is said
/// in a comment next to the value, so the file explains itself.
/// </summary>
internal sealed class ScenarioYaml(ScenarioConfig? config, WorkloadGrouping grouping)
{
    private static readonly CultureInfo N = CultureInfo.InvariantCulture;

    /// <summary>One workload's YAML lines and the figures they hold.</summary>
    public sealed record WorkloadText(string Name, ReplayWorkload Figures, IReadOnlyList<string> Lines);

    public WorkloadText Workload(string name, WorkloadKey key, WorkloadFit fit)
    {
        var spec = Spec(key.Model).Spec;

        // An embedding model's InvokeModel records replay as embedding requests: input tokens only.
        var api = spec.Family == ModelFamily.CohereEmbed && key.Api == ApiKind.Invoke ? ApiKind.Embed : key.Api;
        var lines = new List<string>
        {
            $"  - name: {name}",
            $"    model: {Quote(key.Model)}",
            $"    api: {api.ToText()}",
        };
        var about = $"    # {fit.Requests:N0} requests";
        if (grouping.MetadataKey is { } k)
        {
            about += key.Group is null ? $"; requestMetadata.{k} absent" : $"; requestMetadata.{k} = {Comment(key.Group)}";
        }

        if (fit.WithoutUsage > 0)
        {
            var (i, o) = fit.MeanSizes;
            about += $"; {fit.WithoutUsage:N0} without token usage (failed?), left out of the fits and replayed at {i} in, {o} out";
        }

        lines.Add(string.Create(N, $"{about}"));
        var input = Tokens(lines, "inputTokens", fit.Input);
        if (api == ApiKind.Embed)
        {
            // The records count a request's input tokens, not its texts: one text of that size a request.
            lines.Add("    texts: 1  # the records give each request's input tokens, not how many texts it held");
            return new WorkloadText(name, new ReplayWorkload(name, key.Model, api, fit.Requests, input, new TokenFigures(0, 0), null, 0), lines);
        }

        var output = Tokens(lines, "outputTokens", fit.Output);
        int? maxTokens = null;
        if (fit.MostCommonMaxTokens is { } common)
        {
            var value = (int)Math.Clamp(common.Value, 1, spec.MaxOutputTokens);
            var note = string.Create(N, $"the most common maxTokens of the request bodies ({common.Count:N0} of {fit.WithMaxTokens:N0} that set one; largest {fit.LargestMaxTokens:N0})");
            if (value != common.Value)
            {
                note += string.Create(N, $"; {common.Value:N0} is above the model's {spec.MaxOutputTokens:N0} and was lowered to it");
            }

            maxTokens = value;
            lines.Add(string.Create(N, $"    maxTokens: {value}  # {note}"));
        }
        else
        {
            lines.Add("    # maxTokens: no request body set one; the loader's default (1024) applies, each arrivals.csv row keeps its own");
        }

        var prefix = 0;
        if (fit.CachedPrefix.Count > 0)
        {
            prefix = (int)Math.Round(fit.CachedPrefix.Mean);
            lines.Add(string.Create(N, $"    cachedPrefixTokens: {prefix}  # mean cache read + write of the {fit.CachedPrefix.Count:N0} requests that used the cache ({Share(fit.CachedPrefix.Count, fit.Input.Count)})"));
            lines.Add(string.Create(N, $"    # cache read: {Described(fit.CacheRead, fit.Input.Count)}; cache write: {Described(fit.CacheWrite, fit.Input.Count)}"));
        }

        return new WorkloadText(name, new ReplayWorkload(name, key.Model, api, fit.Requests, input, output, maxTokens, prefix), lines);
    }

    public string Document(
        IReadOnlyList<WorkloadText> workloads, IEnumerable<string> modelIds, IReadOnlyDictionary<string, long> sources, IReadOnlyDictionary<string, long> served,
        DateTimeOffset origin, long rows, IReadOnlyDictionary<string, long> notReplayed)
    {
        var y = new StringBuilder();
        void Line(string text = "") => y.Append(text).Append('\n');

        Line("# Written by `loadtest import` from Bedrock's own records. Replay them:");
        Line("#   loadtest run --config THIS_FOLDER/scenarios.yaml --scenario replay      (replay-4x: four times the rate)");
        Line(string.Create(N, $"# arrivals.csv: {rows:N0} requests, offsets in ms from {Importer.Time(origin)}."));
        Line("# Token figures: mean = the exact mean; p95 = the 95th percentile of the records (at most 1 % low),");
        Line("# raised to the mean when a heavy tail puts the mean above it; both at least 1. Sampled scenarios");
        Line("# draw from a lognormal fitted to them; replay sends each recorded request's own counts.");
        if (notReplayed.Count > 0)
        {
            Line("# Not replayed (no workload API sends these operations): " + string.Join(", ", notReplayed.Select(n => string.Create(N, $"{Comment(n.Key)} {n.Value:N0}"))));
        }

        Line();
        Line("default: replay");
        Line();
        var source = sources.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var main = source[0].Key;
        Line("target:");
        Line("  kind: emulator                 # the built-in emulator; --target bedrock sends the same load to real Bedrock");
        Line($"  region: {Quote(main)}" + (source.Count > 1 ? $"  # the source Region of most requests; also: {string.Join(", ", source.Skip(1).Select(s => Comment(s.Key) + " " + s.Value.ToString("N0", N)))}" : "  # the source Region of the records"));
        Line();
        Line("models:");
        foreach (var id in modelIds.Distinct().OrderBy(m => m, StringComparer.Ordinal))
        {
            ModelLines(y, id);
        }

        Line();
        var regions = source.Select(s => s.Key)
            .Concat(served.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key))
            .Distinct(StringComparer.Ordinal).ToList();
        Line("emulator:");
        Line($"  sourceRegion: {Quote(main)}");
        Line($"  regions: [{string.Join(", ", regions.Select(Quote))}]  # the source Region(s), then every Region that served a recorded request");
        Line("  # regionCapacity: 200         # concurrent requests per model per Region (the default); raise it if the replay shows ServiceUnavailable the records did not");
        Line();
        Line("workloads:");
        foreach (var w in workloads)
        {
            foreach (var l in w.Lines)
            {
                Line(l);
            }
        }

        Line();
        Line("scenarios:");
        Line("  - name: replay");
        Line("    description: The recorded traffic as it came, each request with its own token counts");
        Line("    load:");
        Line($"      - replay: {{ file: {ArrivalsCsv.FileName}, multiplier: 1, speed: 1 }}");
        Line("  - name: replay-4x");
        Line("    description: The recorded traffic at four times the rate, same shape and request sizes");
        Line("    load:");
        Line($"      - replay: {{ file: {ArrivalsCsv.FileName}, multiplier: 4, speed: 1 }}");
        return y.ToString();
    }

    private void ModelLines(StringBuilder y, string id)
    {
        var (spec, from) = Spec(id);
        y.Append("  - id: ").Append(Quote(id)).Append('\n');
        string? mark = from switch
        {
            Source.Config => "from --config",
            Source.Catalog => "catalog default: put your real quota here",
            _ => null,
        };
        if (mark is null)
        {
            y.Append("    # not in the built-in catalog and no --config entry: no quota is enforced; add tpm: and rpm: with your real quotas\n");
        }
        else
        {
            if (spec.Tpm is { } tpm)
            {
                y.Append(string.Create(N, $"    tpm: {tpm}  # {mark}\n"));
            }

            if (spec.Rpm is { } rpm)
            {
                y.Append(string.Create(N, $"    rpm: {rpm}  # {mark}\n"));
            }

            if (from == Source.Config && spec.Tpd is { } tpd)
            {
                y.Append(string.Create(N, $"    tpd: {tpd}  # {mark}\n"));
            }
        }

        if (spec.Profile.Scope == ProfileScope.Application)
        {
            var target = from == Source.Config ? spec.Target : ArnTarget(id);
            y.Append(target is null
                ? "    # application inference profile: add target: with the profile or model it was made from\n"
                : $"    target: {Quote(target)}\n");
        }
    }

    private enum Source
    {
        Config,
        Catalog,
        Neither,
    }

    private (ModelSpec Spec, Source From) Spec(string id)
    {
        if (config is not null && config.ListedModelIds.Contains(id, StringComparer.Ordinal) && config.FindModel(id) is { } listed)
        {
            return (listed, Source.Config);
        }

        return ModelCatalog.Find(id) is { } built
            ? (built, Source.Catalog)
            : (new ModelSpec { Id = id }, Source.Neither);
    }

    /// <summary>A system inference-profile or foundation-model ARN names its target in its last segment.</summary>
    private static string? ArnTarget(string arn)
    {
        foreach (var kind in new[] { ":inference-profile/", ":foundation-model/" })
        {
            var at = arn.IndexOf(kind, StringComparison.Ordinal);
            if (at > 0)
            {
                return arn[(at + kind.Length)..];
            }
        }

        return null;
    }

    private static TokenFigures Tokens(List<string> lines, string key, TokenFit fit)
    {
        if (fit.Count == 0)
        {
            lines.Add($"    {key}: {{ fixed: 1 }}  # no record had token usage");
            return new TokenFigures(1, 1);
        }

        var mean = Math.Max(1, Math.Round(fit.Mean, 1));
        double recorded = fit.Percentile(95);
        var p95 = Math.Max(mean, recorded);
        var note = recorded < mean ? string.Create(N, $"  # recorded p95 {recorded:0} is below the mean: a heavy tail") : "";
        lines.Add(string.Create(N, $"    {key}: {{ mean: {mean:0.#}, p95: {p95:0.#} }}{note}"));
        return new TokenFigures(mean, p95);
    }

    private static string Described(TokenFit fit, long of)
        => fit.Count == 0 ? "none" : string.Create(N, $"mean {fit.Mean:0.#}, p95 {fit.Percentile(95)} over {fit.Count:N0} requests ({Share(fit.Count, of)})");

    private static string Share(long part, long of) => of == 0 ? "-" : ((double)part / of).ToString("P0", N);

    /// <summary>A YAML double-quoted scalar: any ID from a log stays one value.</summary>
    private static string Quote(string text)
    {
        var b = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => b.Append("\\\""),
                '\\' => b.Append("\\\\"),
                < ' ' or '\u007f' => b.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => b.Append(c),
            };
        }

        return b.Append('"').ToString();
    }

    /// <summary>Text from a record put in a comment: one line, no control characters.</summary>
    private static string Comment(string text)
        => new(text.Select(c => char.IsControl(c) ? ' ' : c).Take(80).ToArray());
}
