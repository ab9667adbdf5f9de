namespace LoadTest.Emulator.Observability;

/// <summary>
/// One finished request in the timing log. Times are microseconds: <see cref="ArrivedUs"/> is the
/// raw monotonic timestamp, the others are offsets from it. The delta arrays hold
/// <see cref="Deltas"/> entries (they may be longer, being sized for the whole output).
/// </summary>
internal sealed record TimingRecord(
    string RequestId,
    string Operation,
    string ModelId,
    int Status,
    string? ErrorCode,
    long ArrivedUs,
    long? HeadersUs,
    long[]? DueUs,
    long[]? WrittenUs,
    int Deltas);
