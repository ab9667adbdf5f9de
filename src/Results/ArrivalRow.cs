namespace LoadTest.Results;

/// <summary>
/// One recorded request of an arrival trace (<see cref="ArrivalsCsv"/>): when it arrived, counted
/// from the trace's start, which workload it belongs to and its own token counts.
/// </summary>
public sealed record ArrivalRow
{
    /// <summary>Milliseconds from the start of the trace.</summary>
    public double OffsetMs { get; init; }

    public required string Workload { get; init; }

    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    public int CacheReadTokens { get; init; }

    public int CacheWriteTokens { get; init; }

    /// <summary>The request's max_tokens; null when the record did not say.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The 1-based line the row was read from (0 for a row not read from a file).</summary>
    public long Line { get; init; }

    /// <summary>The 1-based column of the row's workload field, for errors about it (0 for a row not read from a file).</summary>
    public long WorkloadColumn { get; init; }
}
