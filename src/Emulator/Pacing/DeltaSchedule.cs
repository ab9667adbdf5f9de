namespace LoadTest.Emulator.Pacing;

/// <summary>
/// When each delta of a stream is due, in TimeProvider timestamp ticks: the delta that starts at
/// position k of the output (k tokens sent before it) at origin + k x (ticks per token), and every
/// delta from <see cref="ShiftFrom"/> on later by <see cref="Shift"/> (a stall fault). Computed from k,
/// never from the previous delta's actual time, so lateness of one frame does not carry over to the next.
/// </summary>
/// <param name="Origin">When the first delta is due: arrival + slow first byte + time to first token.</param>
/// <param name="TicksPerDelta">Modelled generation time of one step of k (one token).</param>
/// <param name="ShiftFrom">First position affected by <paramref name="Shift"/>; negative = none.</param>
/// <param name="Shift">Extra delay of the deltas from <paramref name="ShiftFrom"/> on.</param>
internal readonly record struct DeltaSchedule(long Origin, double TicksPerDelta, int ShiftFrom, long Shift)
{
    public long Due(int k) => Origin + (long)Math.Round(k * TicksPerDelta) + (ShiftFrom >= 0 && k >= ShiftFrom ? Shift : 0);
}
