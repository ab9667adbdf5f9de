namespace LoadTest.Emulator;

/// <summary>Totals since the emulator started (a snapshot; see <see cref="EmulatorServer.Statistics"/>).</summary>
public sealed record EmulatorStatistics(
    long Requests,
    long Succeeded,
    long Throttled,
    long ServiceUnavailable,
    long ClientErrors,
    long ServerErrors,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    long QuotaTokens);
