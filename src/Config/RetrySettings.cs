using LoadTest.Core;

namespace LoadTest.Config;

/// <summary>
/// The AWS SDK retry mode the virtual users' shared client uses. <paramref name="FastFail"/>
/// (adaptive only) is the SDK's FastFailRequests: refuse at once when the client-side rate
/// limiter has no capacity, instead of waiting for it.
/// </summary>
public sealed record RetrySettings(RetryMode Mode, int MaxAttempts, bool FastFail = false)
{
    /// <summary>Attempts including the first: 1 without retries, else at least 1.</summary>
    public int MaxAttempts { get; init; } = Mode == RetryMode.None ? 1 : Math.Max(1, MaxAttempts);

    /// <summary>Fail fast is the adaptive rate limiter's setting; under any other mode it is off.</summary>
    public bool FastFail { get; init; } = FastFail && Mode == RetryMode.Adaptive;

    public static RetrySettings Default { get; } = new(RetryMode.Standard, 3);
}
