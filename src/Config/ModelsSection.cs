using LoadTest.Core;
using LoadTest.Core.Models;

namespace LoadTest.Config;

/// <summary>
/// Reads scenarios.yaml's <c>models:</c> list. An entry for a built-in ID starts from the built-in
/// values and overrides only the keys it gives; a new ID starts from neutral defaults.
/// </summary>
internal static class ModelsSection
{
    private static readonly string[] Keys =
    [
        "id", "name", "tpm", "rpm", "tpd", "burndown", "ttft", "prefillPer1kTokens", "outputTokensPerSecond",
        "outputTokens", "target", "price", "maxOutputTokens", "contextWindow", "family", "thinking", "maxTextsPerRequest", "tags",
    ];

    /// <summary>The <c>family:</c> values, each naming the provider format a model speaks.</summary>
    private static readonly string[] FamilyNames = ["anthropic", "nova", "cohere-embed"];

    /// <summary>The <c>thinking:</c> values: the Claude thinking modes a model accepts.</summary>
    private static readonly string[] ThinkingNames = ["none", "budget", "adaptive"];

    /// <summary>The catalog merged with the document's <c>models:</c> (absent = built-ins only).</summary>
    public static IReadOnlyList<ModelSpec> Read(YamlNodeReader root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var section = root.IsMapping ? root.Optional("models") : null;
        if (section is null)
        {
            return ModelCatalog.BuiltIn;
        }

        var overrides = new List<ModelSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in section.Items())
        {
            item.AllowOnly(Keys);
            var idNode = item.Required("id");
            var id = idNode.AsString();
            if (!seen.Add(id))
            {
                throw idNode.Error($"model '{id}' is listed twice");
            }

            var m = ModelCatalog.Find(id) ?? NewModel(id);
            if (item.Optional("family") is { } family)
            {
                var kind = ParseFamily(family);
                m = m with
                {
                    Family = kind,

                    // Claude's thinking setting means nothing to another family's body.
                    Thinking = kind == ModelFamily.AnthropicClaude ? m.Thinking : ThinkingSupport.None,
                };
            }

            m = m with
            {
                DisplayName = item.Optional("name")?.AsString() ?? m.DisplayName,
                Tpm = item.Optional("tpm")?.AsLong(1) ?? m.Tpm,
                Rpm = item.Optional("rpm")?.AsLong(1) ?? m.Rpm,
                Tpd = item.Optional("tpd")?.AsLong(1) ?? m.Tpd,
                Burndown = item.Optional("burndown")?.AsDouble(0.01, 100) ?? m.Burndown,
                Ttft = item.Optional("ttft")?.AsDuration() ?? m.Ttft,
                PrefillPer1kTokens = item.Optional("prefillPer1kTokens")?.AsDuration() ?? m.PrefillPer1kTokens,
                OutputTokensPerSecond = item.Optional("outputTokensPerSecond")?.AsDouble(0.001) ?? m.OutputTokensPerSecond,
                Target = item.Optional("target")?.AsString() ?? m.Target,
                MaxOutputTokens = (int?)item.Optional("maxOutputTokens")?.AsLong(1, 1_000_000) ?? m.MaxOutputTokens,
                ContextWindow = (int?)item.Optional("contextWindow")?.AsLong(1, 100_000_000) ?? m.ContextWindow,
                Thinking = item.Optional("thinking") is { } thinking ? ParseThinking(thinking) : m.Thinking,
                MaxTextsPerRequest = (int?)item.Optional("maxTextsPerRequest")?.AsLong(1, 10_000) ?? m.MaxTextsPerRequest,
            };

            if (item.Optional("outputTokens") is { } output)
            {
                output.AllowOnly("mean", "p95");
                var mean = output.Required("mean").AsDouble(1);
                var p95 = output.Optional("p95")?.AsDouble(mean) ?? mean;
                m = m with { OutputTokensMean = mean, OutputTokensP95 = p95 };
            }

            if (item.Optional("price") is { } price)
            {
                price.AllowOnly("inputPerMillion", "outputPerMillion");
                m = m with
                {
                    InputPricePerMillion = (decimal)(price.Optional("inputPerMillion")?.AsDouble(0) ?? (double)m.InputPricePerMillion),
                    OutputPricePerMillion = (decimal)(price.Optional("outputPerMillion")?.AsDouble(0) ?? (double)m.OutputPricePerMillion),
                };
            }

            if (m.Profile.Scope == ProfileScope.Application && m.Target is null)
            {
                throw item.Error($"application inference profile '{id}' needs 'target:' naming the profile or model it was made from");
            }

            if (item.Optional("tags") is { } tags)
            {
                if (m.Profile.Scope != ProfileScope.Application)
                {
                    throw tags.Error($"'{id}' cannot carry tags: Bedrock tags application inference profiles (an ARN with target:), not models or system-defined profiles");
                }

                m = m with { Tags = ReadTags(tags) };
            }

            overrides.Add(m);
        }

        return ModelCatalog.Merge(overrides);
    }

    /// <summary><c>tags: { tenant: acme, team: search }</c>: string keys and values, as Bedrock's TagResource takes them.</summary>
    private static List<KeyValuePair<string, string>> ReadTags(YamlNodeReader node)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in node.Entries())
        {
            tags.Add(new(key, value.AsString()));
        }

        return tags;
    }

    /// <summary>A model not in the catalog: Claude's thinking modes only when its ID is a Claude one.</summary>
    private static ModelSpec NewModel(string id)
    {
        var family = ModelCatalog.FamilyOf(id);
        return new ModelSpec
        {
            Id = id,
            Burndown = Core.Quotas.BurndownRate.For(id),
            DisplayName = id,
            Family = family,
            Thinking = family == ModelFamily.AnthropicClaude ? ThinkingSupport.Budget | ThinkingSupport.Adaptive : ThinkingSupport.None,
        };
    }

    /// <summary><c>thinking: none | budget | adaptive | [budget, adaptive]</c>.</summary>
    private static ThinkingSupport ParseThinking(YamlNodeReader node)
    {
        var support = ThinkingSupport.None;
        foreach (var item in node.IsSequence ? node.Items() : [node])
        {
            support |= item.AsString() switch
            {
                "none" => ThinkingSupport.None,
                "budget" => ThinkingSupport.Budget,
                "adaptive" => ThinkingSupport.Adaptive,
                var other => throw item.Error($"thinking '{other}' is not one of: {string.Join(", ", ThinkingNames)} (a list may name both budget and adaptive)"),
            };
        }

        return support;
    }

    private static ModelFamily ParseFamily(YamlNodeReader node) => node.AsString() switch
    {
        "anthropic" => ModelFamily.AnthropicClaude,
        "nova" => ModelFamily.AmazonNova,
        "cohere-embed" => ModelFamily.CohereEmbed,
        var other => throw node.Error($"family '{other}' is not one of: {string.Join(", ", FamilyNames)}"),
    };
}
