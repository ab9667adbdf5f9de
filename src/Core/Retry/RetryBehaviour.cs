namespace LoadTest.Core.Retry;

/// <summary>
/// Which generation of an SDK's standard/adaptive retry rules a profile follows. AWS changed the
/// defaults of every SDK in 2026 (AWS_NEW_RETRIES_2026; default from November 2026 in most SDKs):
/// transient base delay 50 ms, throttling base delay 1 s, transient retry-quota cost 14, and
/// others (docs/retry.md).
/// </summary>
public enum RetryBehaviour
{
    /// <summary>The SDK's rules before the 2026 change.</summary>
    Legacy,

    /// <summary>The 2026 rules.</summary>
    Retries2026,
}

public static class RetryBehaviourText
{
    public const string Expected = "legacy or 2026";

    public static bool TryParse(string? text, out RetryBehaviour behaviour)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "legacy" or "pre-2026":
                behaviour = RetryBehaviour.Legacy;
                return true;
            case "2026" or "new":
                behaviour = RetryBehaviour.Retries2026;
                return true;
            default:
                behaviour = default;
                return false;
        }
    }

    public static RetryBehaviour Parse(string text, string where)
        => TryParse(text, out var b) ? b : throw new ConfigException($"{where} should be {Expected}, got '{text}'");

    public static string ToText(RetryBehaviour behaviour) => behaviour == RetryBehaviour.Legacy ? "legacy" : "2026";
}
