using LoadTest.Config;

namespace LoadTest.Import;

/// <summary>One imported workload: the records of one model and API (and one value of the grouping key).</summary>
/// <param name="Group">The grouping key's value; null when the record lacks the key (or there is no grouping key).</param>
public sealed record WorkloadKey(string Model, ApiKind Api, string? Group);
