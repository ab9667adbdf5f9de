using LoadTest.Results;

namespace LoadTest.Scenarios.Measurement;

/// <summary>What the engine knows about a run that the measurements do not: names, settings and times.</summary>
public sealed record SummaryContext
{
    public required string Scenario { get; init; }

    /// <summary>How the run ended, or <see cref="RunStop.Running"/> for a snapshot taken while it goes.</summary>
    public required RunStop Stop { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall time from the first scheduled start to the last completion.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Length of the load phases actually run (the rate denominator).</summary>
    public double LoadSeconds { get; init; }

    public RunSettings Settings { get; init; } = new();

    public IReadOnlyList<PhaseWindow> Phases { get; init; } = [];

    /// <summary>Sum of the TPM quotas of the models in the mix (null when any is unknown).</summary>
    public double? QuotaTpmLimit { get; init; }

    /// <summary>The harness's own lag and CPU so far.</summary>
    public HarnessSummary? Harness { get; init; }
}
