namespace LoadTest.Import;

/// <summary>What <see cref="ReplayExport.Write"/> wrote; <see cref="Rows"/> 0 means nothing (no request in the window could be replayed).</summary>
public sealed record ReplayWritten(
    IReadOnlyList<ReplayWorkload> Workloads,
    long Rows,
    IReadOnlyDictionary<string, long> NotReplayed,
    DateTimeOffset? Origin,
    string? ScenariosPath,
    string? ArrivalsPath);
