namespace LoadTest.Planner.Requirements;

/// <summary>A capacity plan: the settings it was made with and one plan per inference profile.</summary>
public sealed record PlanResult
{
    /// <summary>The results directory it was built from, or "numbers".</summary>
    public string Source { get; init; } = "numbers";

    public string? Scenario { get; init; }

    /// <summary>Planned from workloads declared in scenarios.yaml (<see cref="Source"/> is the file), not from a run.</summary>
    public bool FromDeclaredWorkloads { get; init; }

    /// <summary>
    /// Set when the run was partial (killed, cancelled, or its last row torn): why, and which window
    /// of load its rates cover. Null for a whole run and for declared numbers.
    /// </summary>
    public string? PartialRun { get; init; }

    /// <summary>The span of Bedrock's records when planned from an import (null: a run or numbers).</summary>
    public RecordedSpan? Import { get; init; }

    public double PeakMultiplier { get; init; }

    public double Growth { get; init; }

    public double TargetUtilization { get; init; }

    public double AverageToPeak { get; init; }

    public string DailyShape { get; init; } = "";

    public string QuotaRegion { get; init; } = "";

    public bool ReserveMaxTokens { get; init; }

    public bool BurndownOnMaxTokens { get; init; }

    /// <summary>When the unused reservation is released: progressive or atCompletion.</summary>
    public string ReservationRelease { get; init; } = "";

    /// <summary>The whole reservation rule in words (<see cref="LoadTest.Core.Quotas.ReservationPolicy.Describe"/>).</summary>
    public string ReservationRule { get; init; } = "";

    /// <summary>The SDK family whose retry profile the throttling simulation used (dotnet, botocore, js-v3, java-v2).</summary>
    public string Sdk { get; init; } = "";

    public string RetryMode { get; init; } = "";

    /// <summary>The retry rules' generation the simulation used: legacy or 2026.</summary>
    public string RetryRules { get; init; } = "";

    /// <summary>Adaptive retry refusing at once when the limiter has no capacity.</summary>
    public bool FastFail { get; init; }

    public int MaxAttempts { get; init; }

    /// <summary>The simulated client in words, e.g. "dotnet adaptive (2026 rules), 3 attempts".</summary>
    public string RetryDescription { get; init; } = "";

    public int RequestsPerCurvePoint { get; init; }

    /// <summary>Length of one simulated episode (buckets start full), in minutes.</summary>
    public double EpisodeMinutes { get; init; }

    public IReadOnlyList<ModelPlan> Models { get; init; } = [];
}
