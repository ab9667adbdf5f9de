namespace LoadTest.Emulator;

/// <summary>How late the emulator wrote frames (written - due): count and percentiles.</summary>
public sealed record LatenessSummary(long Count, TimeSpan P50, TimeSpan P99, TimeSpan Max);
