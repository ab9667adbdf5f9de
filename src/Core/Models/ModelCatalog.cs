namespace LoadTest.Core.Models;

/// <summary>
/// The built-in models with every profile form (base ID, global., and the geographic prefixes AWS
/// publishes for each), default quotas, speeds, burndown and global prices. scenarios.yaml's
/// <c>models:</c> overrides entries by ID or adds new ones. Quotas here are plausible defaults for
/// rehearsal, not any account's real values.
/// <list type="bullet">
/// <item>Anthropic Claude 4.5/4.6: context windows and output limits are Anthropic's published
/// figures (200K input for all five, without the 1M-token beta; 64K output, 128K for Opus 4.6).
/// Extended thinking with a budget on all five, adaptive thinking on the 4.6 models only
/// (<see cref="ThinkingSupport"/>).</item>
/// <item>Amazon Nova 2 Lite: IDs global., us. (Nova 2 user guide, "Core inference",
/// https://docs.aws.amazon.com/nova/latest/nova2-userguide/core-inference.html), eu., apac. and jp.
/// (in use in public code; AWS lists Nova 2 Lite as cross-Region inference only); 1M-token context
/// (Nova 2 announcement and model card); 65,535 output tokens (the card says 64K, AWS's Nova 1 to
/// Nova 2 migration post 65K: the larger is taken so no valid request is refused). Price: plausible
/// default $0.30 / $2.50 per 1M tokens (a third-party listing's $0.33 / $2.75 less the ~10 % global
/// discount; check https://aws.amazon.com/bedrock/pricing/). Burndown 1 (not a Claude model).</item>
/// <item>Cohere Embed v4: IDs global., us., eu., apac. and the base <c>cohere.embed-v4:0</c> (the
/// Bedrock user guide's code example; the geographic IDs are in use in public code); ~128K input
/// tokens (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html); no
/// output; at most 96 texts per request (<see cref="ModelSpec.MaxTextsPerRequest"/>). Price: plausible default $0.12 per 1M input tokens (Cohere's list price for Embed 4 text;
/// check the Bedrock pricing page).</item>
/// </list>
/// </summary>
public static class ModelCatalog
{
    private static readonly string[] AllGeographies = ["us", "eu", "apac", "jp", "au"];

    private sealed record Family(string BaseId, string Name, long GlobalTpm, long GlobalRpm, double Tps, TimeSpan Ttft, decimal In, decimal Out, int MaxOutput = 64_000, int Context = 200_000)
    {
        public ModelFamily Kind { get; init; } = ModelFamily.AnthropicClaude;

        public IReadOnlyList<string> Geographies { get; init; } = AllGeographies;

        public TimeSpan PrefillPer1k { get; init; } = TimeSpan.FromMilliseconds(20);

        public ThinkingSupport Thinking { get; init; } = ThinkingSupport.Budget;
    }

    private static readonly Family[] Families =
    [
        new("anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic Claude Sonnet 4.5 V1", 2_000_000, 2_000, 70, TimeSpan.FromMilliseconds(600), 3m, 15m),
        new("anthropic.claude-sonnet-4-6", "Anthropic Claude Sonnet 4.6", 2_000_000, 2_000, 75, TimeSpan.FromMilliseconds(550), 3m, 15m) { Thinking = ThinkingSupport.Budget | ThinkingSupport.Adaptive },
        new("anthropic.claude-haiku-4-5-20251001-v1:0", "Anthropic Claude Haiku 4.5", 4_000_000, 4_000, 140, TimeSpan.FromMilliseconds(350), 1m, 5m),
        new("anthropic.claude-opus-4-5-20251101-v1:0", "Anthropic Claude Opus 4.5", 1_000_000, 500, 45, TimeSpan.FromMilliseconds(900), 5m, 25m),
        new("anthropic.claude-opus-4-6-v1", "Anthropic Claude Opus 4.6", 1_000_000, 500, 45, TimeSpan.FromMilliseconds(850), 5m, 25m, MaxOutput: 128_000) { Thinking = ThinkingSupport.Budget | ThinkingSupport.Adaptive },
        new("amazon.nova-2-lite-v1:0", "Amazon Nova 2 Lite", 4_000_000, 4_000, 150, TimeSpan.FromMilliseconds(400), 0.30m, 2.50m, MaxOutput: 65_535, Context: 1_000_000)
        {
            Kind = ModelFamily.AmazonNova,
            Geographies = ["us", "eu", "apac", "jp"],
            Thinking = ThinkingSupport.None,
        },
        new("cohere.embed-v4:0", "Cohere Embed v4", 1_000_000, 2_000, 1, TimeSpan.FromMilliseconds(80), 0.12m, 0m, MaxOutput: 0, Context: 128_000)
        {
            Kind = ModelFamily.CohereEmbed,
            Geographies = ["us", "eu", "apac"],
            PrefillPer1k = TimeSpan.FromMilliseconds(5),
            Thinking = ThinkingSupport.None,
        },
    ];

    /// <summary>Every built-in entry: for each family the global profile, the geographic profiles and the base model.</summary>
    public static IReadOnlyList<ModelSpec> BuiltIn { get; } = Build();

    /// <summary>The built-ins with <paramref name="overrides"/> replacing entries of the same ID and adding the rest.</summary>
    public static IReadOnlyList<ModelSpec> Merge(IEnumerable<ModelSpec> overrides)
    {
        var byId = BuiltIn.ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var m in overrides)
        {
            byId[m.Id] = m;
        }

        return byId.Values.ToList();
    }

    /// <summary>The built-in entry for an ID, if any.</summary>
    public static ModelSpec? Find(string id) => BuiltIn.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    /// <summary>
    /// The family a model or inference-profile ID belongs to, by its provider prefix:
    /// <c>amazon.nova</c> is Nova, <c>cohere.embed</c> is Cohere Embed, everything else speaks the
    /// Anthropic body (what the emulator has always assumed for an unknown ID).
    /// </summary>
    public static ModelFamily FamilyOf(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var baseId = InferenceProfileId.Parse(modelId).BaseModelId;
        if (baseId.StartsWith("amazon.nova", StringComparison.OrdinalIgnoreCase))
        {
            return ModelFamily.AmazonNova;
        }

        return baseId.StartsWith("cohere.embed", StringComparison.OrdinalIgnoreCase) ? ModelFamily.CohereEmbed : ModelFamily.AnthropicClaude;
    }

    private static List<ModelSpec> Build()
    {
        var list = new List<ModelSpec>();
        foreach (var f in Families)
        {
            ModelSpec Make(string id, double quotaShare) => new()
            {
                Id = id,
                DisplayName = f.Name,
                Family = f.Kind,
                Tpm = (long)(f.GlobalTpm * quotaShare),
                Rpm = (long)(f.GlobalRpm * quotaShare),
                Burndown = Quotas.BurndownRate.For(f.BaseId),
                Ttft = f.Ttft,
                PrefillPer1kTokens = f.PrefillPer1k,
                OutputTokensPerSecond = f.Tps,
                InputPricePerMillion = f.In,
                OutputPricePerMillion = f.Out,
                ContextWindow = f.Context,
                MaxOutputTokens = f.MaxOutput,
                Thinking = f.Thinking,
            };

            list.Add(Make("global." + f.BaseId, 1.0));
            foreach (var geo in f.Geographies)
            {
                list.Add(Make($"{geo}.{f.BaseId}", 0.5));
            }

            list.Add(Make(f.BaseId, 0.25));
        }

        return list;
    }
}
