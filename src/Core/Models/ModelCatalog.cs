namespace LoadTest.Core.Models;

/// <summary>
/// The built-in Claude 4.5/4.6 models with every profile form (base ID, global., and the
/// geographic prefixes), default quotas, speeds, burndown and global prices. scenarios.yaml's
/// <c>models:</c> overrides entries by ID or adds new ones. Quotas here are plausible defaults for
/// rehearsal, not any account's real values; context windows and output limits are Anthropic's
/// published figures for each model (200K input for all five, without the 1M-token beta; 64K
/// output, 128K for Opus 4.6).
/// </summary>
public static class ModelCatalog
{
    private sealed record Family(string BaseId, string Name, long GlobalTpm, long GlobalRpm, double Tps, TimeSpan Ttft, decimal In, decimal Out, int MaxOutput = 64_000, int Context = 200_000);

    private static readonly Family[] Families =
    [
        new("anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic Claude Sonnet 4.5 V1", 2_000_000, 2_000, 70, TimeSpan.FromMilliseconds(600), 3m, 15m),
        new("anthropic.claude-sonnet-4-6", "Anthropic Claude Sonnet 4.6", 2_000_000, 2_000, 75, TimeSpan.FromMilliseconds(550), 3m, 15m),
        new("anthropic.claude-haiku-4-5-20251001-v1:0", "Anthropic Claude Haiku 4.5", 4_000_000, 4_000, 140, TimeSpan.FromMilliseconds(350), 1m, 5m),
        new("anthropic.claude-opus-4-5-20251101-v1:0", "Anthropic Claude Opus 4.5", 1_000_000, 500, 45, TimeSpan.FromMilliseconds(900), 5m, 25m),
        new("anthropic.claude-opus-4-6-v1", "Anthropic Claude Opus 4.6", 1_000_000, 500, 45, TimeSpan.FromMilliseconds(850), 5m, 25m, MaxOutput: 128_000),
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

    private static List<ModelSpec> Build()
    {
        var list = new List<ModelSpec>();
        foreach (var f in Families)
        {
            ModelSpec Make(string id, double quotaShare) => new()
            {
                Id = id,
                DisplayName = f.Name,
                Tpm = (long)(f.GlobalTpm * quotaShare),
                Rpm = (long)(f.GlobalRpm * quotaShare),
                Burndown = Quotas.BurndownRate.For(f.BaseId),
                Ttft = f.Ttft,
                OutputTokensPerSecond = f.Tps,
                InputPricePerMillion = f.In,
                OutputPricePerMillion = f.Out,
                ContextWindow = f.Context,
                MaxOutputTokens = f.MaxOutput,
            };

            list.Add(Make("global." + f.BaseId, 1.0));
            foreach (var geo in new[] { "us", "eu", "apac", "jp", "au" })
            {
                list.Add(Make($"{geo}.{f.BaseId}", 0.5));
            }

            list.Add(Make(f.BaseId, 0.25));
        }

        return list;
    }
}
