using LoadTest.Core;
using LoadTest.Core.Retry;

namespace LoadTest.Config;

/// <summary>
/// How the virtual users' shared client retries: whose SDK it imitates (<paramref name="Sdk"/>),
/// the retry mode, attempts, and the SDK's retry-rules generation. <paramref name="FastFail"/>
/// (adaptive only) refuses at once when the client-side rate limiter has no capacity, instead of
/// waiting for it, in the SDKs that offer it (only .NET: FastFailRequests).
/// </summary>
public sealed record RetrySettings(RetryMode Mode, int MaxAttempts, bool FastFail = false, SdkFamily Sdk = SdkFamily.Dotnet, RetryBehaviour Rules = RetryBehaviour.Retries2026)
{
    /// <summary>
    /// Refuses settings the SDK does not have (e.g. fail fast in botocore) with the SDK profile's
    /// own <see cref="ConfigException"/>: the profiles are the one home of each SDK's rules.
    /// </summary>
    public void Validate() => RetryProfiles.Create(new RetryProfileSettings(Sdk, Mode, MaxAttempts, Rules, FastFail), now: 0, static () => 0.5);

    /// <summary>Attempts including the first: 1 without retries, else at least 1.</summary>
    public int MaxAttempts { get; init; } = Mode == RetryMode.None ? 1 : Math.Max(1, MaxAttempts);

    /// <summary>Fail fast is the adaptive rate limiter's setting; under any other mode it is off.</summary>
    public bool FastFail { get; init; } = FastFail && Mode == RetryMode.Adaptive;

    public static RetrySettings Default { get; } = new(RetryMode.Standard, 3);
}
