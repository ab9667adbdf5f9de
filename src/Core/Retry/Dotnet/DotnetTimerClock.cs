namespace LoadTest.Core.Retry.Dotnet;

/// <summary>
/// When a .NET timer fires: <c>Task.Delay(ms)</c>, which the AWS SDK's adaptive limiter sleeps
/// between asks for a send token, counts its due time on the runtime's coarse clock
/// (<c>Environment.TickCount64</c>), which on Linux advances once per kernel tick: 4 ms under
/// CONFIG_HZ=250 (the build machine's), 1 ms under HZ=1000, 15.625 ms on Windows by default. A delay started at
/// <c>now</c> is due at the coarse reading then plus the delay, and fires at the first tick whose
/// reading reaches that: waiters that started within one tick of each other wake together, on a
/// tick, up to one tick early or late against the exact wait.
/// </summary>
/// <remarks>
/// Measured on the 2-core build machine (4 ms ticks): 10,000 <c>Task.Delay(1..39)</c> woke between
/// 2 ms early and 4 ms late against the wait asked for. Replaying eight real 40 s spike runs with
/// a tick on the run's start, the simulated client refused within 2.8 points of the real SDK
/// (40.1-44.9 %); waiters that wake independently with the measured spread of lateness refuse
/// 13.0 % where the SDK refused 40.1 %. Other phases of the tick against the arrivals can move the
/// throttles from the client to the server, which no real run did (docs/retry.md, ".NET").
/// </remarks>
public static class DotnetTimerClock
{
    /// <summary>The tick assumed when the host's is not known: Linux under CONFIG_HZ=250, the only host the rule was checked on.</summary>
    public const double DefaultTickSeconds = 0.004;

    /// <summary>
    /// Seconds from <paramref name="now"/> until a <c>Task.Delay(<paramref name="delayMs"/>)</c>
    /// started then fires, on a coarse clock that ticks every <paramref name="tickSeconds"/> from
    /// time 0; a tick of 0 is an exact timer (fires after exactly the delay).
    /// </summary>
    public static double SecondsUntilFired(double now, int delayMs, double tickSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delayMs);
        ArgumentOutOfRangeException.ThrowIfNegative(tickSeconds);
        var delay = delayMs / 1000.0;
        if (tickSeconds == 0)
        {
            return delay;
        }

        // Counted in ticks; the small slack keeps a reading that is a whole tick in floating point
        // (3 x 0.004 = 0.012000000000000002) on that tick.
        const double Slack = 1e-9;
        var reading = Math.Floor((now / tickSeconds) + Slack) * tickSeconds;
        var fires = Math.Ceiling(((reading + delay) / tickSeconds) - Slack) * tickSeconds;
        return Math.Max(0, fires - now);
    }
}
