using LoadTest.Bedrock.Client;

namespace LoadTest.Scenarios.Config;

/// <summary>
/// The AWS SDK retry mode the virtual users' shared client uses. <paramref name="FastFail"/>
/// (adaptive only) is the SDK's FastFailRequests: refuse at once when the client-side rate
/// limiter has no capacity, instead of waiting for it.
/// </summary>
public sealed record RetrySettings(RetryMode Mode, int MaxAttempts, bool FastFail = false)
{
    public static RetrySettings Default { get; } = new(RetryMode.Standard, 3);
}
