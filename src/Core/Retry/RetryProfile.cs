namespace LoadTest.Core.Retry;

/// <summary>What a profile is built from: the SDK family, its retry mode and generation, attempts and fail-fast.</summary>
/// <param name="Sdk">The SDK family the application uses.</param>
/// <param name="Mode">None, standard or adaptive.</param>
/// <param name="MaxAttempts">Attempts including the first (the SDKs' default is 3).</param>
/// <param name="Behaviour">The SDK's pre-2026 or 2026 retry rules.</param>
/// <param name="FastFail">Adaptive only: refuse at once when the limiter has no capacity, where the SDK offers that.</param>
/// <param name="TimerTickSeconds">
/// The application host's coarse clock tick, on which the .NET SDK's limiter waits wake
/// (<see cref="Dotnet.DotnetTimerClock"/>); a run measures its own, and the simulation of a
/// dotnet client uses it.
/// </param>
public sealed record RetryProfileSettings(SdkFamily Sdk, RetryMode Mode, int MaxAttempts = 3, RetryBehaviour Behaviour = RetryBehaviour.Retries2026, bool FastFail = false, double TimerTickSeconds = Dotnet.DotnetTimerClock.DefaultTickSeconds)
{
    /// <summary>Attempts including the first: 1 without retries.</summary>
    public int EffectiveMaxAttempts => Mode == RetryMode.None ? 1 : Math.Max(1, MaxAttempts);
}

/// <summary>Per logical call: what the strategy remembers between its attempts.</summary>
public sealed class RetryCallState
{
    /// <summary>Attempts sent so far (0 before the first).</summary>
    public int Attempts { get; internal set; }

    /// <summary>Retry-quota tokens taken for the last retry, to give back on success.</summary>
    public int QuotaHeld { get; internal set; }

    /// <summary>Seconds this call has waited in the client-side limiter.</summary>
    public double LimiterSeconds { get; internal set; }

    /// <summary>Counts a sent attempt (the runner calls this once per attempt).</summary>
    public void CountAttempt() => Attempts++;

    public void AddLimiterWait(double seconds) => LimiterSeconds += seconds;

    /// <summary>For profiles: set the quota held by the current retry.</summary>
    public void Hold(int tokens) => QuotaHeld = tokens;

    /// <summary>Back to the state of a new call, so a simulation can reuse the object for the next one.</summary>
    public void Reset()
    {
        Attempts = 0;
        QuotaHeld = 0;
        LimiterSeconds = 0;
    }
}

/// <summary>
/// One SDK's retry behaviour as a state machine on an explicit clock (seconds): the client-side
/// rate limiter before each attempt, and after each attempt the retry decision, backoff, retry
/// quota and the limiter's rate estimate. One instance is shared by every virtual user of a
/// target, as an application's threads share one SDK client, so implementations are thread-safe.
/// The same instance drives a real run (the Bedrock client's retry loop) and the planner's
/// simulation (virtual time), so there is one implementation of each SDK's rules.
/// </summary>
public abstract class RetryProfile
{
    /// <param name="settings">What to imitate; its <see cref="RetryProfileSettings.Sdk"/> must be <paramref name="sdk"/>.</param>
    /// <param name="random">Uniform [0, 1) draws for jitter.</param>
    /// <param name="sdk">The SDK family this profile implements.</param>
    /// <param name="noFastFail">
    /// Why the SDK has no fail-fast switch on its adaptive limiter (settings asking for it are a
    /// <see cref="ConfigException"/>), or null when it has one. The one place that says which SDKs offer it.
    /// </param>
    protected RetryProfile(RetryProfileSettings settings, Func<double> random, SdkFamily sdk, string? noFastFail)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        if (settings.Sdk != sdk)
        {
            throw new ArgumentException($"A {SdkFamilyText.ToText(sdk)} retry profile cannot be built for {SdkFamilyText.ToText(settings.Sdk)} settings.", nameof(settings));
        }

        if (settings.FastFail && noFastFail is not null)
        {
            throw new ConfigException($"fastFail (fail-fast) is not an option of the {SdkFamilyText.ToText(sdk)} SDK: {noFastFail}");
        }

        Settings = settings;
        Random = random;
    }

    public RetryProfileSettings Settings { get; }

    /// <summary>Uniform [0, 1) draws for jitter; injectable so tests can script them.</summary>
    protected Func<double> Random { get; }

    /// <summary>Human-readable name for reports, e.g. "botocore standard (2026 rules), 3 attempts".</summary>
    public virtual string Description
        => $"{SdkFamilyText.ToText(Settings.Sdk)} {RetryModeText.ToText(Settings.Mode)} ({RetryBehaviourText.ToText(Settings.Behaviour)} rules), {Settings.EffectiveMaxAttempts} attempts{(Settings.FastFail ? ", fail fast" : "")}";

    /// <summary>A fresh call state (the planner reuses ended ones through <see cref="RetryCallState.Reset"/>, so a profile keeps no state of its own in it beyond these fields).</summary>
    public RetryCallState StartCall() => new();

    /// <summary>
    /// Before each attempt (the first included): the adaptive limiter's verdict. <paramref name="waitsSoFar"/>
    /// counts the waits already done before this attempt. Standard mode always sends.
    /// </summary>
    public virtual LimiterDecision BeforeAttempt(RetryCallState call, double now, int waitsSoFar) => LimiterDecision.Send;

    /// <summary>After an attempt that succeeded (the response headers said 2xx).</summary>
    public abstract void AfterSuccess(RetryCallState call, double now);

    /// <summary>After an attempt that failed: retry after a delay, or stop.</summary>
    public abstract RetryDecision AfterFailure(RetryCallState call, AttemptFailure failure, double now);

    /// <summary>Whether the profile counts this failure as throttling (for reports and the limiter).</summary>
    public abstract bool IsThrottling(AttemptFailure failure);
}
