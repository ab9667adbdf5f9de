namespace LoadTest.Planner;

/// <summary>One model's limits as a run's summary.json records them (settings.models).</summary>
public sealed record RunModelLimits(long? Tpm, long? Rpm, long? Tpd, double? Burndown);
