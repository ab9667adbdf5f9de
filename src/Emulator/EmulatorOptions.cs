using LoadTest.Core.Models;
using LoadTest.Config;
using LoadTest.Core.Quotas;

namespace LoadTest.Emulator;

/// <summary>
/// Everything the emulator needs to start. <see cref="EmulatorConfig.FromConfig"/> builds it from
/// scenarios.yaml; code and tests may build it directly. Defaults: built-in catalog, source Region
/// us-east-1, quotas on, real-time latency, loopback on ephemeral ports.
/// </summary>
public sealed record EmulatorOptions
{
    /// <summary>The default destination pool of global profiles.</summary>
    public static readonly IReadOnlyList<string> DefaultRegions =
    [
        "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1", "ap-southeast-1", "ap-northeast-1", "ap-southeast-2",
    ];

    /// <summary>Models and inference profiles served (catalog merged with scenarios.yaml).</summary>
    public IReadOnlyList<ModelSpec> Models { get; init; } = ModelCatalog.BuiltIn;

    /// <summary>The Region the callers are in: requests are served here first.</summary>
    public string SourceRegion { get; init; } = "us-east-1";

    /// <summary>Destination pool of global profiles; geographic profiles use the members of their geography.</summary>
    public IReadOnlyList<string> Regions { get; init; } = DefaultRegions;

    /// <summary>Concurrent requests one destination Region serves per base model.</summary>
    public int RegionCapacity { get; init; } = 200;

    /// <summary>Per-Region overrides of <see cref="RegionCapacity"/>.</summary>
    public IReadOnlyDictionary<string, int> RegionCapacityOverrides { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public IReadOnlyList<FaultSpec> Faults { get; init; } = [];

    public IReadOnlyList<OutageWindow> Outages { get; init; } = [];

    /// <summary>Multiplies every modelled delay; 0 answers at once, 1 is real time.</summary>
    public double LatencyScale { get; init; } = 1.0;

    /// <summary>Relative jitter of time to first token: 0.1 = uniformly within +-10 %.</summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>false = never throttle (capacity and outages still apply).</summary>
    public bool EnforceQuotas { get; init; } = true;

    /// <summary>
    /// What is held from admission to completion, and the maxTokens of a request that sets none.
    /// Default: AWS's description (<see cref="ReservationPolicy.Default"/>).
    /// </summary>
    public ReservationPolicy Reservation { get; init; } = ReservationPolicy.Default;

    /// <summary>Output tokens per stream delta event.</summary>
    public int TokensPerStreamDelta { get; init; } = 4;

    /// <summary>How long a cached prompt prefix stays readable after its last use.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound on remembered prompt prefixes (memory bound).</summary>
    public int CacheCapacity { get; init; } = 100_000;

    /// <summary>Address to listen on; loopback unless the caller says otherwise.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>HTTP/1.1 port; 0 = ephemeral.</summary>
    public int Port { get; init; }

    /// <summary>h2c (HTTP/2 with prior knowledge) port; 0 = ephemeral; null = no h2c endpoint.</summary>
    public int? Http2Port { get; init; } = 0;

    /// <summary>Where model-invocations.jsonl, cloudtrail.jsonl and the per-minute metrics go; null = not written.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>
    /// Where the ground-truth timing log goes (one JSON line per finished request: arrival, headers
    /// and every stream delta's deadline and write time, in microseconds); null = not written.
    /// </summary>
    public string? TimingLog { get; init; }

    /// <summary>Seed of every random choice (jitter, output lengths, faults).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Access keys whose Signature Version 4 is verified on every request; empty (the default) = signatures
    /// are not checked.
    /// </summary>
    public IReadOnlyList<SigningKey> SigningKeys { get; init; } = [];

    /// <summary>
    /// How many application inference profiles the account may hold; CreateInferenceProfile past it is
    /// ServiceQuotaExceededException. 1,000 by default (LoadTest's assumption; check the account's
    /// Service Quotas page for the real figure).
    /// </summary>
    public int ApplicationProfileLimit { get; init; } = 1000;

    /// <summary>
    /// The IAM policies and SCPs every Bedrock Runtime call is authorized against
    /// (AccessDeniedException 403 when they would refuse it); null (the default) = every call is allowed.
    /// </summary>
    public IamSettings? Iam { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
