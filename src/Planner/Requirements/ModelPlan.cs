using LoadTest.Planner.Mix;
using LoadTest.Planner.Simulation;

// The plan of one inference profile, written as plan.json and printed by `loadtest plan --json`.
// Small records of one schema, kept in one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Planner.Requirements;

public sealed record ModelPlan
{
    public required string Id { get; init; }

    public string DisplayName { get; init; } = "";

    /// <summary>global | geographic | source-region | application</summary>
    public string Scope { get; init; } = "";

    public double Burndown { get; init; }

    public required PerRequest PerRequest { get; init; }

    public double BaselineRpm { get; init; }

    /// <summary>baseline x peak multiplier x growth (or the absolute peak setting).</summary>
    public double PeakRpm { get; init; }

    /// <summary>What the peak consumes: RPM, quota TPM (burndown applied), quota TPD.</summary>
    public required QuotaValues Required { get; init; }

    /// <summary>Required / target utilization, rounded up to two significant figures.</summary>
    public required QuotaValues Recommended { get; init; }

    /// <summary>The effect of reserving max_tokens at admission, shown apart from consumption.</summary>
    public required ReservationEffect Reservation { get; init; }

    /// <summary>The quotas now (null when unknown).</summary>
    public QuotaLimitsView? Current { get; init; }

    public string? QuotaSource { get; init; }

    /// <summary>The Regions the demand was called from, where its CloudWatch metrics are (<see cref="PlanInput.SourceRegions"/>); empty when not known.</summary>
    public IReadOnlyList<string> SourceRegions { get; init; } = [];

    /// <summary>Recommended minus current; positive = an increase is needed (null where current is unknown).</summary>
    public QuotaLimitsView? Gap { get; init; }

    public bool NeedsIncrease { get; init; }

    public required CostEstimate Cost { get; init; }

    /// <summary>Largest load multiplier (of the baseline) with under 1 % of requests throttled, against the current quotas.</summary>
    public double? MaxMultiplierUnder1PctThrottle { get; init; }

    public ThrottlingCurve? Curve { get; init; }

    public TokenMix? Mix { get; init; }

    public IReadOnlyList<TokenMix> Workloads { get; init; } = [];

    /// <summary>What thinking costs in this plan (null when the requests do not think).</summary>
    public ThinkingEffect? Thinking { get; init; }

    /// <summary>The declared workloads on this profile, per request and per session, when planned from scenarios.yaml.</summary>
    public IReadOnlyList<WorkloadPlan> Declared { get; init; } = [];

    /// <summary>The run's workloads on this profile at the peak, when planned from a run whose requests think or run sessions (else empty).</summary>
    public IReadOnlyList<MeasuredWorkload> Measured { get; init; } = [];

    /// <summary>The day's average over its peak used for this profile's TPD and cost (the settings', or the recorded day's).</summary>
    public double AverageToPeak { get; init; } = 1;

    /// <summary>The daily shape in words.</summary>
    public string DailyShape { get; init; } = "";

    /// <summary>The recorded peak minutes and busiest day, when planned from an import.</summary>
    public RecordedPeak? Recorded { get; init; }

    /// <summary>Required TPD is the recorded busiest day's quota tokens, scaled (false: required TPM x 1,440 x <see cref="AverageToPeak"/>).</summary>
    public bool TpdFromRecordedDay { get; init; }
}

/// <summary>The average request in whole tokens, and what it costs against the quota.</summary>
public sealed record PerRequest
{
    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public long CacheWriteTokens { get; init; }

    public long CacheReadTokens { get; init; }

    /// <summary>Thinking tokens, part of <see cref="OutputTokens"/>.</summary>
    public long ThinkingTokens { get; init; }

    public long? MaxTokens { get; init; }

    /// <summary>input + cache write + output x burndown.</summary>
    public long QuotaTokens { get; init; }

    /// <summary>The same request without its thinking: input + cache write + (output - thinking) x burndown.</summary>
    public long QuotaTokensWithoutThinking { get; init; }

    /// <summary>What admission reserves: input + cache write + max_tokens x burndown (per the reservation policy).</summary>
    public long ReservedTokens { get; init; }

    /// <summary>Seconds a request holds its reservation (measured mean, or the model's speed).</summary>
    public double ServiceSeconds { get; init; }
}

public sealed record QuotaValues(long Rpm, long Tpm, long Tpd);

/// <summary>
/// What thinking costs: thinking tokens are output tokens, so each burns down at the model's rate,
/// and the same traffic without thinking would need <see cref="TpmWithoutThinking"/>. (The
/// reservation grows too: maxTokens must exceed the thinking budget; see the reservation effect.)
/// </summary>
public sealed record ThinkingEffect
{
    public long ThinkingTokensPerRequest { get; init; }

    /// <summary>Quota tokens per request that thinking adds: thinking x burndown, plus <see cref="CarriedInputTokensPerRequest"/>.</summary>
    public long QuotaTokensPerRequest { get; init; }

    /// <summary>
    /// Input and cache-write tokens per request that carried thinking adds: a tool exchange's
    /// thinking blocks sent back, and the conversation written to the cache again once a question
    /// strips them (<see cref="Core.Quotas.SessionTokens"/>).
    /// </summary>
    public long CarriedInputTokensPerRequest { get; init; }

    /// <summary>Thinking's share of the required TPM, 0..1.</summary>
    public double ShareOfTpm { get; init; }

    /// <summary>Required TPM of the same traffic with thinking off.</summary>
    public long TpmWithoutThinking { get; init; }

    /// <summary>Required TPM minus <see cref="TpmWithoutThinking"/>.</summary>
    public long ExtraTpm { get; init; }
}

/// <summary>
/// A workload declared in scenarios.yaml, as part of its profile's plan: its expected tokens per
/// request and per session, and its rates. An arrival is a session for a session workload (every
/// turn is a request), else one request.
/// </summary>
public sealed record WorkloadPlan
{
    public required WorkloadTokens Tokens { get; init; }

    /// <summary>Sessions (or single requests) starting per minute at the baseline.</summary>
    public double BaselineArrivalsPerMinute { get; init; }

    /// <summary>Sessions (or single requests) starting per minute at the peak.</summary>
    public double PeakArrivalsPerMinute { get; init; }

    /// <summary>Requests per minute at the peak: every turn of every session.</summary>
    public double PeakRpm { get; init; }

    /// <summary>Quota tokens per minute at the peak: peak arrivals x quota tokens per session (or request).</summary>
    public long PeakTpm { get; init; }
}

/// <summary>
/// A workload of a run, as part of its profile's plan: its measured rates scaled to the peak, and for
/// a session workload its sessions (<see cref="SessionMix"/>). An arrival is a session for a session
/// workload (every turn is a request), else one request.
/// </summary>
public sealed record MeasuredWorkload
{
    public required string Workload { get; init; }

    /// <summary>Sessions and their quota tokens (null for single-request workloads).</summary>
    public SessionMix? Sessions { get; init; }

    /// <summary>Sessions (or requests) starting per minute in the run.</summary>
    public double ArrivalsPerMinute { get; init; }

    /// <summary>Sessions (or requests) starting per minute at the peak.</summary>
    public double PeakArrivalsPerMinute { get; init; }

    /// <summary>Requests per minute at the peak: every turn of every session.</summary>
    public double PeakRpm { get; init; }

    /// <summary>Mean quota tokens of a completed request.</summary>
    public double QuotaTokensPerRequest { get; init; }

    /// <summary>Mean thinking tokens of a completed request.</summary>
    public double ThinkingTokensPerRequest { get; init; }

    /// <summary>Quota tokens per minute at the peak: peak sessions x quota tokens per session (or peak RPM x per request).</summary>
    public long PeakTpm { get; init; }
}

public sealed record QuotaLimitsView(long? Rpm, long? Tpm, long? Tpd);

public sealed record ReservationEffect
{
    public long ReservedTokensPerRequest { get; init; }

    /// <summary>Peak RPM x reserved tokens: what admissions take from the TPM bucket per minute before settlement.</summary>
    public long ReservedTpm { get; init; }

    /// <summary>Reserved over consumed per request (1 = no effect).</summary>
    public double ReservedToConsumed { get; init; }

    /// <summary>Requests in flight at the peak: peak RPM / 60 x service seconds.</summary>
    public double InFlightAtPeak { get; init; }

    /// <summary>Quota tokens held back by in-flight over-reservation at any moment at the peak.</summary>
    public long HeldTokens { get; init; }

    /// <summary>
    /// Requests the current TPM quota admits at once, none completing: TPM / reserved tokens per
    /// request, rounded down (null when the TPM quota is unknown). On 2,000,000 TPM, 500 input
    /// tokens and max_tokens 1,000 it is 1,333; without max_tokens on a 64K model, 31.
    /// </summary>
    public long? InFlightCapacity { get; init; }
}

public sealed record CostEstimate
{
    /// <summary>USD per average request at global prices.</summary>
    public decimal PerRequestUsd { get; init; }

    public required CostPeriods Global { get; init; }

    public required CostPeriods Geographic { get; init; }

    /// <summary>How the periods were computed.</summary>
    public string Basis { get; init; } = "";
}

/// <summary>USD per hour at the peak, per day at the daily shape, per month of 30 such days.</summary>
public sealed record CostPeriods(decimal Hour, decimal Day, decimal Month);
