using System.Text.Json.Serialization;

namespace LoadTest.Planner.Mix;

/// <summary>
/// The measured token mix of one model (Workload null: every workload on it) or of one
/// model and workload. Token statistics cover requests that completed (their tokens are known);
/// counts and rates cover every scheduled request.
/// </summary>
public sealed record TokenMix
{
    public required string Model { get; init; }

    public string? Workload { get; init; }

    /// <summary>Requests scheduled, dropped ones included (the demand).</summary>
    public long Requests { get; init; }

    /// <summary>Requests actually sent (not dropped).</summary>
    public long Sent { get; init; }

    public long Succeeded { get; init; }

    /// <summary>Requests whose final outcome was a throttle.</summary>
    public long Throttled { get; init; }

    /// <summary>Of <see cref="Throttled"/>, those the AWS SDK's adaptive rate limiter refused on the client.</summary>
    public long ClientRateLimited { get; init; }

    /// <summary>Scheduled requests per minute over the run.</summary>
    public double ObservedRpm { get; init; }

    /// <summary>Throttled / sent, 0..1.</summary>
    public double MeasuredThrottleRate { get; init; }

    public required DistributionStats InputTokens { get; init; }

    public required DistributionStats OutputTokens { get; init; }

    public required DistributionStats CacheReadTokens { get; init; }

    public required DistributionStats CacheWriteTokens { get; init; }

    /// <summary>Thinking tokens per request, part of <see cref="OutputTokens"/> (0 for a request without thinking).</summary>
    public required DistributionStats ThinkingTokens { get; init; }

    /// <summary>Quota tokens per request: input + cache write + output x burndown.</summary>
    public required DistributionStats QuotaTokens { get; init; }

    /// <summary>The multi-turn sessions of the rows (null when no row is a turn of one).</summary>
    public SessionMix? Sessions { get; init; }

    public required DistributionStats MaxTokens { get; init; }

    /// <summary>Seconds from first start to end of completed requests (how long a reservation is held).</summary>
    public required DistributionStats ServiceSeconds { get; init; }

    /// <summary>
    /// The demand's request shapes for the throttling simulation (not serialized): completed
    /// requests, failed ones whose input was recorded, and for a model's mix each workload weighted
    /// by its share of all requests.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<RequestShape> Shapes { get; init; } = [];

    /// <summary>
    /// A model's sent (not dropped) requests in the order they were scheduled, with their own shape
    /// when they completed, else one drawn from their workload (not serialized; empty for a
    /// workload's mix): the run's arrival pattern, replayed for predicted vs measured.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<ReplayArrival> Arrivals { get; init; } = [];
}
