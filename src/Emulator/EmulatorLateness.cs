using System.Globalization;

namespace LoadTest.Emulator;

/// <summary>
/// The emulator's own pacing error since it started (see <see cref="EmulatorServer.Lateness"/>):
/// for every stream delta, the time it was handed to the connection minus the time it was due, so
/// a benchmark can tell a late emulator from a slow client.
/// </summary>
/// <param name="FirstDelta">First delta of each stream (time to first token).</param>
/// <param name="Delta">Every delta, the first ones included.</param>
/// <param name="TimingRecordsDropped">Timing-log records dropped because its queue was full.</param>
public sealed record EmulatorLateness(LatenessSummary FirstDelta, LatenessSummary Delta, long TimingRecordsDropped)
{
    /// <summary>One line for a person, e.g. what `loadtest emulator` prints when it stops.</summary>
    public string Describe()
    {
        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"emulator lateness (written - due): {Delta.Count} deltas p50 {Ms(Delta.P50)} ms, p99 {Ms(Delta.P99)} ms, max {Ms(Delta.Max)} ms; " +
            $"first deltas ({FirstDelta.Count}) p50 {Ms(FirstDelta.P50)} ms, p99 {Ms(FirstDelta.P99)} ms, max {Ms(FirstDelta.Max)} ms");
        return TimingRecordsDropped == 0 ? text : text + string.Create(CultureInfo.InvariantCulture, $"; {TimingRecordsDropped} timing-log records dropped");
    }
}
