namespace LoadTest.Emulator.Observability;

/// <summary>
/// One finished request in the timing log. Times are microseconds: <see cref="ArrivedUs"/> is the
/// raw TimeProvider timestamp, the others are offsets from it. With the real clock that timestamp
/// is Stopwatch.GetTimestamp(), i.e. CLOCK_MONOTONIC on Linux: the same clock in every process on
/// the machine, so a harness in another process can set its own Stopwatch readings against it.
/// The delta arrays hold <see cref="Deltas"/> entries (they may be longer, sized for the whole output).
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
