using LoadTest.Core.Retry.JavaV2;
using LoadTest.Core.Retry.Botocore;
using LoadTest.Core.Retry.JsV3;
using LoadTest.Core.Retry.Dotnet;

namespace LoadTest.Core.Retry;

/// <summary>Builds the retry profile of an SDK family: the one place that maps a family to its rules.</summary>
public static class RetryProfiles
{
    /// <param name="settings">SDK family, mode, attempts, rules generation.</param>
    /// <param name="now">The clock's reading now, in seconds (the limiter's start time).</param>
    /// <param name="random">Uniform [0, 1) draws for jitter; null = <see cref="System.Random.Shared"/>.</param>
    public static RetryProfile Create(RetryProfileSettings settings, double now, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        random ??= static () => System.Random.Shared.NextDouble();
        return settings.Sdk switch
        {
            SdkFamily.JavaV2 => new JavaV2RetryProfile(settings, now, random),
            SdkFamily.Botocore => new BotocoreRetryProfile(settings, now, random),
            SdkFamily.JsV3 => new JsV3RetryProfile(settings, now, random),
            SdkFamily.Dotnet => new DotnetRetryProfile(settings, now, random),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Sdk, "Unknown SDK family."),
        };
    }
}
