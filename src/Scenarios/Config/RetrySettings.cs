using LoadTest.Bedrock.Client;

namespace LoadTest.Scenarios.Config;

/// <summary>The AWS SDK retry mode the virtual users' shared client uses.</summary>
public sealed record RetrySettings(RetryMode Mode, int MaxAttempts)
{
    public static RetrySettings Default { get; } = new(RetryMode.Standard, 3);
}
