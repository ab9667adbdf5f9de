using System.Text.Json.Serialization;

// The one result model of a run, written by SummaryJson (camelCase) and read back by every
// report, gate, comparison and plan. Small records of one schema, kept in one file.
#pragma warning disable SA1402, SA1649
namespace LoadTest.Results;

public sealed record RunSummary
{
    /// <summary>The format version this summary was written in (<see cref="ResultSchema"/>).</summary>
    public int SchemaVersion { get; init; } = ResultSchema.Current;

    public string Scenario { get; init; } = "";

    public bool Completed { get; init; }

    /// <summary>Why an incomplete run stopped, for people: "running", "cancelled", "aborted by gate '...'"; null when it completed.</summary>
    public string? StopReason { get; init; }

    /// <summary>How the run ended, for programs (null in summaries written before it was recorded).</summary>
    public RunStopKind? StopKind { get; init; }

    /// <summary>The expression of the abortOnFail gate that stopped the run (when <see cref="StopKind"/> is <see cref="RunStopKind.AbortedByGate"/>).</summary>
    public string? StopGate { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public double DurationSeconds { get; init; }

    public RunSettings Settings { get; init; } = new();

    public IReadOnlyList<PhaseWindow> Phases { get; init; } = [];

    public RequestCounts Requests { get; init; } = new();

    public Rates Rates { get; init; } = new();

    public Percentiles LatencyMs { get; init; } = new();

    public Percentiles TtftMs { get; init; } = new();

    /// <summary>Time to first visible token (after any thinking), beside TTFT; null when no request measured it (and runs before schema 4).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Percentiles? TtfvtMs { get; init; }

    /// <summary>What sessions, thinking, tools, prompt caching and embeddings did over the whole run; null when no request had any of them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RequestFeatures? Features { get; init; }

    /// <summary>
    /// Time requests waited in the retry profile's client-side rate limiter (a latency component
    /// the server never sees); null when the run did not measure it (the dotnet profile, older runs).
    /// </summary>
    public Percentiles? LimiterWaitMs { get; init; }

    /// <summary>Inter-token latency (stream deltas).</summary>
    public Percentiles ItlMs { get; init; } = new();

    /// <summary>Time per output token: (end - first token) / (output tokens - 1).</summary>
    public Percentiles TpotMs { get; init; } = new();

    public TokenTotals Tokens { get; init; } = new();

    public QuotaUse QuotaTpm { get; init; } = new();

    /// <summary>Count per outcome: ok, throttled, unavailable, validation, timeout, model-error, client-error, dropped.</summary>
    public IReadOnlyDictionary<string, long> Outcomes { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Failed requests per final error code (e.g. ThrottlingException from Bedrock, ClientRateLimited
    /// when the AWS SDK's adaptive rate limiter refused to send), so "throttled" can be told apart.
    /// </summary>
    public IReadOnlyDictionary<string, long> ErrorCodes { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, GroupSummary> ByWorkload { get; init; } = new Dictionary<string, GroupSummary>();

    public IReadOnlyDictionary<string, GroupSummary> ByModel { get; init; } = new Dictionary<string, GroupSummary>();

    /// <summary>
    /// The tags of the application inference profiles the run sent to (profile ARN to tag key to
    /// value, from scenarios.yaml's <c>models:</c>); null when none carried tags.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? ProfileTags { get; init; }

    /// <summary>
    /// Requests grouped by a tag of the profile they went to, keyed <c>key=value</c> (e.g.
    /// <c>tenant=acme</c>): one group per tenant when profiles are tagged per tenant. A request to a
    /// profile with two tags counts in both groups. Null when no profile carried tags.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, GroupSummary>? ByTag { get; init; }

    /// <summary>Requests served per inference Region (when the target reports it).</summary>
    public IReadOnlyDictionary<string, long> InferenceRegions { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Where requests ran and what a full Region did: share per serving Region with its TTFT,
    /// spill-over out of the source Region and ServiceUnavailable answers; null in summaries written
    /// before it was recorded.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RoutingSummary? Routing { get; init; }

    /// <summary>What the run's tokens cost at each model's price for its profile scope; null when no price was known (and older summaries).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunCost? Cost { get; init; }

    /// <summary>Latency and TTFT distributions for histogram charts.</summary>
    public Histograms Histograms { get; init; } = new();

    public IReadOnlyList<GateResult> Gates { get; init; } = [];

    /// <summary>Completed and every gate passed.</summary>
    public bool Passed { get; init; }

    /// <summary>
    /// The figures cover only part of the run: it was killed while running (the summary is a
    /// snapshot: stopKind running) or stopped by the caller (SIGINT, SIGTERM: cancelled), or an older
    /// summary says it did not complete without saying why. A partial run is never passed, planned
    /// from or compared as if whole; every reader asks here. A run an abortOnFail gate stopped is not
    /// partial: it has its verdict (the gate failed).
    /// </summary>
    [JsonIgnore]
    public bool IsPartial => !Completed && StopKind is not RunStopKind.AbortedByGate;

    /// <summary>
    /// The summary is a snapshot written while the run went (stopKind running; "running" as the
    /// reason in summaries older than stopKind): the run never finished, so it was killed, and its
    /// rows on disk run on past this snapshot (<see cref="RowCoverage"/>).
    /// </summary>
    [JsonIgnore]
    public bool IsSnapshot => StopKind == RunStopKind.Running || (StopKind is null && StopReason == "running");

    /// <summary>Seconds of load the rates cover: where the last phase that ran was cut, else the duration.</summary>
    [JsonIgnore]
    public double LoadSeconds => Phases.Count > 0 ? Phases.Max(p => p.EndSeconds) : DurationSeconds;

    /// <summary>The harness's own delay and CPU during the run (null in summaries written before it was measured).</summary>
    public HarnessSummary? Harness { get; init; }

    /// <summary>
    /// The named steps a scenario written in C# timed inside each iteration (retrieve, bedrock,
    /// guardrail...), by name; empty for scenarios that time none (every YAML scenario).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public IReadOnlyDictionary<string, StepSummary>? Steps { get; init; }
}

/// <summary>How a run ended; written to the summary file as its kebab-case name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStopKind>))]
public enum RunStopKind
{
    /// <summary>Every phase ran and in-flight requests drained.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>A partial snapshot written while the run was still going.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Stopped by the caller (Ctrl-C, SIGTERM).</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>Stopped because an abortOnFail gate failed on the live aggregates.</summary>
    [JsonStringEnumMemberName("aborted-by-gate")]
    AbortedByGate,
}

/// <summary>The settings a run used, without secrets or prompt text.</summary>
public sealed record RunSettings
{
    public string ConfigFile { get; init; } = "";

    public string Target { get; init; } = "emulator";

    public string? Endpoint { get; init; }

    public string Region { get; init; } = "";

    public string RetryMode { get; init; } = "";

    public int MaxAttempts { get; init; }

    /// <summary>Adaptive retry with the SDK's FastFailRequests (refuse at once when the rate limiter has no capacity).</summary>
    public bool FastFail { get; init; }

    /// <summary>The SDK family whose retry behaviour the run imitated (dotnet, botocore, js-v3, java-v2); empty in runs from before retry profiles (= dotnet).</summary>
    public string Sdk { get; init; } = "";

    /// <summary>The retry rules' generation the run's client followed: legacy or 2026 (for dotnet, what AWSSDK.Core ran with); empty in older runs.</summary>
    public string RetryRules { get; init; } = "";

    public int Seed { get; init; }

    /// <summary>
    /// The inference-profile scope every workload's model ID was rewritten to for this run
    /// (<c>--profile-scope</c>: global, geo or base); null when the IDs ran as configured.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ProfileScope { get; init; }

    /// <summary>USD per 1M tokens of each model ID in the mix, at the rate of its profile's scope; null in older summaries.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, LoadTest.Core.Models.TokenPrice>? Prices { get; init; }

    public double DurationScale { get; init; } = 1;

    public int MaxInFlight { get; init; }

    /// <summary>Quota limits per model ID, as configured (for charts: TPM/RPM against limit).</summary>
    public IReadOnlyDictionary<string, ModelLimits> Models { get; init; } = new Dictionary<string, ModelLimits>();

    public IReadOnlyDictionary<string, double> Mix { get; init; } = new Dictionary<string, double>();
}

/// <summary>Where a run's requests were served, measured from the Region each answer reported.</summary>
public sealed record RoutingSummary
{
    /// <summary>The Region the run called from.</summary>
    public string SourceRegion { get; init; } = "";

    /// <summary>Sent requests whose serving Region the target reported.</summary>
    public long Served { get; init; }

    /// <summary>Of <see cref="Served"/>, those served outside the source Region.</summary>
    public long SpilledOver { get; init; }

    /// <summary>SpilledOver / Served, 0..1; null when no request reported its Region.</summary>
    public double? SpillOverShare { get; init; }

    /// <summary>Requests whose final answer was ServiceUnavailableException (503: every Region the profile may use was full or down).</summary>
    public long Unavailable { get; init; }

    /// <summary>Unavailable / sent, 0..1.</summary>
    public double UnavailableShare { get; init; }

    /// <summary>Per serving Region, most requests first.</summary>
    public IReadOnlyList<RegionServed> Regions { get; init; } = [];
}

/// <summary>One serving Region: its requests, their share of <see cref="RoutingSummary.Served"/> and the TTFT of the ones that succeeded there.</summary>
public sealed record RegionServed(string Region, long Requests, double Share, Percentiles TtftMs);

/// <summary>What a run's consumed tokens cost, at each model's price for its scope (<see cref="RunSettings.Prices"/>).</summary>
public sealed record RunCost
{
    public decimal Usd { get; init; }

    /// <summary>Usd / requests that consumed tokens; null when none did.</summary>
    public decimal? UsdPerRequest { get; init; }

    public IReadOnlyDictionary<string, decimal> ByModel { get; init; } = new Dictionary<string, decimal>();
}

public sealed record ModelLimits(long? Tpm, long? Rpm, long? Tpd, double Burndown);

/// <summary>A phase of the load, in seconds from the run's start.</summary>
public sealed record PhaseWindow(int Index, string Kind, string Description, double StartSeconds, double EndSeconds)
{
    /// <summary>What to call the phase: its description, or its kind when it has none.</summary>
    [JsonIgnore]
    public string Label => string.IsNullOrWhiteSpace(Description) ? Kind : Description;
}

public sealed record RequestCounts
{
    /// <summary>Requests scheduled (open model) or issued (closed model).</summary>
    public long Scheduled { get; init; }

    /// <summary>Requests actually sent (scheduled - dropped).</summary>
    public long Sent { get; init; }

    public long Succeeded { get; init; }

    /// <summary>Every sent request that did not succeed (throttled included).</summary>
    public long Failed { get; init; }

    /// <summary>Requests whose final outcome was a throttle.</summary>
    public long Throttled { get; init; }

    /// <summary>Open-model starts that could not be made on time (max in-flight reached).</summary>
    public long Dropped { get; init; }

    /// <summary>Extra attempts (attempts - sent).</summary>
    public long Retries { get; init; }

    /// <summary>Attempts answered with a throttle, including ones a retry later recovered.</summary>
    public long ThrottledAttempts { get; init; }

    /// <summary>HTTP attempts of all sent requests (attempts per request = Attempts / Sent).</summary>
    public long Attempts { get; init; }

    /// <summary>
    /// Requests failed by the client-side rate limiter (ClientRateLimited): refused on the client,
    /// not throttled by the server. Counted inside <see cref="Throttled"/> as well.
    /// </summary>
    public long ClientRefused { get; init; }
}

public sealed record Rates
{
    public double OfferedRpm { get; init; }

    public double AchievedRpm { get; init; }

    /// <summary>Throttled / sent, 0..1.</summary>
    public double ThrottleRate { get; init; }

    /// <summary>Failed / sent, 0..1.</summary>
    public double ErrorRate { get; init; }
}

public sealed record Percentiles
{
    public long Count { get; init; }

    public double P50 { get; init; }

    public double P90 { get; init; }

    public double P95 { get; init; }

    public double P99 { get; init; }

    [JsonPropertyName("p99_9")]
    public double P999 { get; init; }

    public double Max { get; init; }

    public double Mean { get; init; }
}

public sealed record TokenTotals
{
    public long Input { get; init; }

    public long Output { get; init; }

    public long CacheRead { get; init; }

    public long CacheWrite { get; init; }

    /// <summary>Quota tokens consumed: input + cache write + output x burndown.</summary>
    public long Quota { get; init; }

    /// <summary>Requests whose tokens these totals hold: those that consumed quota (0 in summaries before schema 4).</summary>
    public long Requests { get; init; }

    /// <summary>Quota tokens per request that consumed quota; null when not known.</summary>
    [JsonIgnore]
    public double? QuotaPerRequest => Requests > 0 ? (double)Quota / Requests : null;
}

/// <summary>
/// What sessions, thinking, tools, prompt caching and embeddings did in one slice of a run (the
/// whole run, a workload or a model): the one derivation every report and gate reads. Each part is
/// null when no request of the slice had it, so a plain single-turn workload carries none.
/// </summary>
public sealed record RequestFeatures
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ThinkingUse? Thinking { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SessionUse? Sessions { get; init; }

    /// <summary>Tool calls in all answers; null when there were none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ToolCalls { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CacheReadShare? CacheReadShare { get; init; }

    /// <summary>Embedding vectors returned; null when no request was an embedding request.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Embeddings { get; init; }
}

/// <summary>Thinking tokens of the requests that consumed quota.</summary>
public sealed record ThinkingUse
{
    /// <summary>Thinking tokens in all answers (inside the output tokens).</summary>
    public long Tokens { get; init; }

    /// <summary>Mean thinking tokens per request that consumed quota.</summary>
    public double PerRequest { get; init; }

    /// <summary>Thinking tokens x burndown / quota tokens consumed, 0..1: how much of the quota thinking took.</summary>
    public double QuotaShare { get; init; }
}

/// <summary>Multi-turn sessions: how many, how long, and what their turns did.</summary>
public sealed record SessionUse
{
    /// <summary>Sessions that sent at least one turn.</summary>
    public long Count { get; init; }

    public double TurnsMean { get; init; }

    /// <summary>95 % of the sessions had at most this many turns.</summary>
    public double TurnsP95 { get; init; }

    /// <summary>Tool calls of the sessions' answers per session.</summary>
    public double ToolCallsPerSession { get; init; }
}

/// <summary>Cache reads / all input tokens (input + cache read + cache write), over the requests that consumed quota.</summary>
public sealed record CacheReadShare
{
    /// <summary>The last turn index kept apart; later turns are folded into it.</summary>
    public const int MaxTurn = 20;

    /// <summary>Over every turn, 0..1.</summary>
    public double Overall { get; init; }

    /// <summary>
    /// Per turn index of a session, from turn 1 up to <see cref="MaxTurn"/>, whose entry also holds
    /// every later turn; empty when the slice had no sessions.
    /// </summary>
    public IReadOnlyList<TurnShare> ByTurn { get; init; } = [];
}

/// <summary>The cache-read share of the requests of one turn index (<see cref="CacheReadShare.MaxTurn"/> holds it and every later turn).</summary>
public sealed record TurnShare(int Turn, double Share, long Requests);

/// <summary>
/// Quota tokens per minute over the run, summed over models. The peak is the largest value of the
/// per-second minute window the recorder also stores (<see cref="TimeseriesRow.QuotaTpm"/>), or the
/// mean when that is larger.
/// </summary>
public sealed record QuotaUse
{
    public double Mean { get; init; }

    public double Peak { get; init; }

    /// <summary>Sum of the TPM limits of the models used (null when unknown).</summary>
    public double? Limit { get; init; }

    /// <summary>Peak / limit, 0..1+ (null when the limit is unknown).</summary>
    public double? Utilization { get; init; }
}

public sealed record GroupSummary
{
    public long Sent { get; init; }

    public long Succeeded { get; init; }

    public long Throttled { get; init; }

    public long Failed { get; init; }

    public double AchievedRpm { get; init; }

    public double ThrottleRate { get; init; }

    public double ErrorRate { get; init; }

    public Percentiles LatencyMs { get; init; } = new();

    public Percentiles TtftMs { get; init; } = new();

    /// <summary>Time to first visible token (after any thinking), beside TTFT; null when no request measured it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Percentiles? TtfvtMs { get; init; }

    public TokenTotals Tokens { get; init; } = new();

    /// <summary>What sessions, thinking, tools, prompt caching and embeddings did; null when no request had any of them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RequestFeatures? Features { get; init; }

    /// <summary>What admission reserved against what was consumed, per request (null when not known).</summary>
    public ReservationPressure? Reservation { get; init; }
}

/// <summary>One named step of a C# scenario over the whole run: how often it ran, how it ended, how long it took.</summary>
public sealed record StepSummary
{
    /// <summary>Times the step ran (every outcome).</summary>
    public long Count { get; init; }

    public long Succeeded { get; init; }

    /// <summary>Times the step threw or returned a failed result.</summary>
    public long Failed { get; init; }

    /// <summary>Failed / Count (0 when the step never ran).</summary>
    public double ErrorRate { get; init; }

    /// <summary>The step's duration, every outcome included (as the run's latency counts every sent request).</summary>
    public Percentiles LatencyMs { get; init; } = new();

    /// <summary>Time to first token of the Bedrock calls made inside the step; null when it made none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Percentiles? TtftMs { get; init; }

    /// <summary>Runs still going when their iteration hit its deadline or the run ended (counted in <see cref="Failed"/> too).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long TimedOut { get; init; }

    /// <summary>The sizes the step's results reported; null when no run of it reported any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StepSizes? Sizes { get; init; }
}

/// <summary>The bytes a step's results said they sent and received, over the run.</summary>
public sealed record StepSizes
{
    public long RequestBytes { get; init; }

    public long ResponseBytes { get; init; }

    /// <summary>RequestBytes over the step's runs (every outcome).</summary>
    public double RequestBytesPerRun { get; init; }

    /// <summary>ResponseBytes over the step's runs (every outcome).</summary>
    public double ResponseBytesPerRun { get; init; }
}

public sealed record Histograms
{
    public IReadOnlyList<HistogramBin> LatencyMs { get; init; } = [];

    public IReadOnlyList<HistogramBin> TtftMs { get; init; } = [];
}

/// <summary>Requests whose value fell in [From, To).</summary>
public sealed record HistogramBin(double From, double To, long Count);

public sealed record GateResult
{
    public string Expression { get; init; } = "";

    /// <summary>The measured value, in the unit the expression's threshold uses (null when it could not be computed).</summary>
    public double? Actual { get; init; }

    public double Threshold { get; init; }

    public bool Passed { get; init; }

    public string? Message { get; init; }
}

/// <summary>
/// How much the harness itself delayed what it measured: the lag of its thread pool and timers and
/// its process CPU, sampled on a thread of its own, and the periods in which that could distort
/// latency figures.
/// </summary>
public sealed record HarnessSummary
{
    /// <summary>Some second of the run crossed a threshold: see <see cref="Periods"/>.</summary>
    public bool Saturated { get; init; }

    public IReadOnlyList<SaturationPeriod> Periods { get; init; } = [];

    /// <summary>The larger of dispatch and timer lag per reading.</summary>
    public Percentiles LagMs { get; init; } = new();

    /// <summary>How long a work item queued on the thread pool waited to start.</summary>
    public Percentiles DispatchLagMs { get; init; } = new();

    /// <summary>How late a timer fired.</summary>
    public Percentiles TimerLagMs { get; init; } = new();

    /// <summary>Process CPU as a fraction of all cores: mean over the run and the busiest second.</summary>
    public CpuUse Cpu { get; init; } = new(0, 0);

    public long MaxPendingWorkItems { get; init; }

    public int Cores { get; init; }

    public double SampleIntervalMs { get; init; }

    public double LagThresholdMs { get; init; }

    public double CpuThreshold { get; init; }

    /// <summary>
    /// The step of the host's coarse clock (Environment.TickCount64), on which .NET timers wake,
    /// the AWS SDK's adaptive limiter waits among them; 0 when not measured.
    /// </summary>
    public double TimerTickMs { get; init; }
}

/// <summary>Fractions of all cores (0..1).</summary>
public sealed record CpuUse(double Mean, double Max);

/// <summary>Seconds [StartS, EndS) of the run in which the harness's own delay could distort latency figures.</summary>
public sealed record SaturationPeriod(double StartS, double EndS, double MaxLagMs, double MaxCpu, string Reason);
