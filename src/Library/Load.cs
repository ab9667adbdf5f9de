using LoadTest.Config;

namespace LoadTest;

/// <summary>
/// Load simulations in NBomber's vocabulary, built as the phases scenarios.yaml uses (one closed
/// union, <see cref="LoadPhase"/>): a C# scenario and a YAML one with the same phases get the same schedule.
/// </summary>
public static class Load
{
    /// <summary>Open model: starts <paramref name="rpm"/> iterations a minute, evenly spaced (YAML <c>constant</c>).</summary>
    public static LoadPhase Inject(double rpm, TimeSpan during) => Checked(new ConstantPhase(Positive(rpm, nameof(rpm)), during));

    /// <summary>Open model: the start rate goes linearly from <paramref name="fromRpm"/> to <paramref name="toRpm"/> (YAML <c>ramp</c>).</summary>
    public static LoadPhase Ramp(double fromRpm, double toRpm, TimeSpan during)
        => Checked(new RampPhase(NonNegative(fromRpm, nameof(fromRpm)), NonNegative(toRpm, nameof(toRpm)), during));

    /// <summary>Open model: starts at random (exponential gaps) at a mean of <paramref name="rpm"/> a minute (YAML <c>poisson</c>).</summary>
    public static LoadPhase Poisson(double rpm, TimeSpan during) => Checked(new PoissonPhase(Positive(rpm, nameof(rpm)), during));

    /// <summary>Closed model: <paramref name="users"/> virtual users each run iterations back to back (YAML <c>concurrency</c>).</summary>
    public static LoadPhase KeepUsers(int users, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        return Checked(new ConcurrencyPhase(users, during));
    }

    /// <summary>No load for <paramref name="during"/> (YAML <c>pause</c>).</summary>
    public static LoadPhase Pause(TimeSpan during) => Checked(new PausePhase(during));

    private static LoadPhase Checked(LoadPhase phase)
    {
        if (phase.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(phase), phase.Duration, "a load phase lasts more than zero time");
        }

        return phase;
    }

    private static double Positive(double value, string name)
        => value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "a rate above zero");

    private static double NonNegative(double value, string name)
        => value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, "a rate of zero or more");
}
