using LoadTest.Core.Quotas;

namespace LoadTest.Core.Models;

/// <summary>
/// One model or inference profile as scenarios.yaml's <c>models:</c> describes it: quotas, burndown
/// and speed. The emulator enforces and imitates these; the planner and the engine read the same
/// record, so the keys mean one thing everywhere.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Model ID, inference-profile ID (global./us./eu./apac./jp./au.) or application-inference-profile ARN.</summary>
    public required string Id { get; init; }

    /// <summary>Human name used in AWS quota names, e.g. "Anthropic Claude Sonnet 4.5 V1".</summary>
    public string DisplayName { get; init; } = "";

    /// <summary>Quota tokens per minute (burndown applied); null = not enforced.</summary>
    public long? Tpm { get; init; }

    public long? Rpm { get; init; }

    /// <summary>Quota tokens per day; null = TPM x 1440.</summary>
    public long? Tpd { get; init; }

    public double Burndown { get; init; } = 1;

    /// <summary>Time to first token with an empty prompt.</summary>
    public TimeSpan Ttft { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Extra time to first token per 1,000 input tokens (prefill).</summary>
    public TimeSpan PrefillPer1kTokens { get; init; } = TimeSpan.FromMilliseconds(20);

    public double OutputTokensPerSecond { get; init; } = 80;

    /// <summary>Default output length when the request does not steer it: mean and p95 of a lognormal.</summary>
    public double OutputTokensMean { get; init; } = 300;

    public double OutputTokensP95 { get; init; } = 800;

    /// <summary>
    /// The most input tokens (prompt, system and cached text together) the model accepts in one
    /// request; a longer prompt is a ValidationException. 200,000 for the built-in Claude 4.5/4.6
    /// models (Anthropic's published context window; the 1M-token beta is not modelled).
    /// </summary>
    public int ContextWindow { get; init; } = 200_000;

    /// <summary>
    /// The largest maxTokens the model accepts (64,000 for Claude 4.5/4.6, 128,000 for Opus 4.6,
    /// 65,535 for Nova 2 Lite; 0 for an embedding model, which generates no output).
    /// </summary>
    public int MaxOutputTokens { get; init; } = 64_000;

    /// <summary>
    /// The provider format the model speaks (its InvokeModel body, stream chunks and operations).
    /// The catalog sets it for the built-ins; <see cref="ModelCatalog.FamilyOf"/> infers it from an ID.
    /// </summary>
    public ModelFamily Family { get; init; }

    /// <summary>
    /// The Claude thinking modes the model accepts (<see cref="ThinkingSupport"/>). Both by default, so
    /// a model added under <c>models:</c> is not refused what it may well support; the catalog narrows
    /// its built-ins.
    /// </summary>
    public ThinkingSupport Thinking { get; init; } = ThinkingSupport.Budget | ThinkingSupport.Adaptive;

    /// <summary>
    /// The most texts one embedding request may carry (Cohere Embed v4: 96, the Bedrock user guide's
    /// "Max 96 per call" for <c>texts</c>). Read for embedding models only; <c>models:</c> may set it.
    /// </summary>
    public int MaxTextsPerRequest { get; init; } = 96;

    /// <summary>For an application-inference-profile ARN: the profile or model it maps to.</summary>
    public string? Target { get; init; }

    /// <summary>
    /// An application inference profile's tags (e.g. tenant=acme), in the order given: the emulator's
    /// control plane shows them and reports group requests by them. Empty for every other ID.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>USD per 1M input tokens at global-profile prices.</summary>
    public decimal InputPricePerMillion { get; init; }

    /// <summary>USD per 1M output tokens at global-profile prices.</summary>
    public decimal OutputPricePerMillion { get; init; }

    public QuotaLimits Limits => QuotaLimits.Of(Tpm, Rpm, Tpd);

    /// <summary>The inference profile this ID names.</summary>
    public InferenceProfileId Profile => InferenceProfileId.Parse(Id);
}
