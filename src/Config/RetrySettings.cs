using LoadTest.Core;
using LoadTest.Core.Retry;

namespace LoadTest.Config;

/// <summary>
/// How the virtual users' shared client retries: whose SDK it imitates (<paramref name="Sdk"/>),
/// the retry mode, attempts, and the SDK's retry-rules generation. <paramref name="FastFail"/>
/// (adaptive only) refuses at once when the client-side rate limiter has no capacity, instead of
/// waiting for it, in the SDKs that offer it (.NET FastFailRequests, Java fastFailRateLimiting).
/// </summary>
public sealed record RetrySettings(RetryMode Mode, int MaxAttempts, bool FastFail = false, SdkFamily Sdk = SdkFamily.Dotnet, RetryBehaviour Rules = RetryBehaviour.Retries2026)
{
    /// <summary>The SDK families with a fail-fast switch on their adaptive rate limiter.</summary>
    public static bool HasFastFail(SdkFamily sdk) => sdk is SdkFamily.Dotnet or SdkFamily.JavaV2;

    /// <summary>Attempts including the first: 1 without retries, else at least 1.</summary>
    public int MaxAttempts { get; init; } = Mode == RetryMode.None ? 1 : Math.Max(1, MaxAttempts);

    /// <summary>Fail fast is the adaptive rate limiter's setting; under any other mode it is off.</summary>
    public bool FastFail { get; init; } = FastFail && Mode == RetryMode.Adaptive;

    public static RetrySettings Default { get; } = new(RetryMode.Standard, 3);
}
