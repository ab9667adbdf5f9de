namespace LoadTest.Core.Retry;

/// <summary>What the client-side rate limiter says before an attempt is sent.</summary>
public enum LimiterAction
{
    /// <summary>Send now (a send token was taken, or there is no limiter).</summary>
    Send,

    /// <summary>Wait <see cref="LimiterDecision.WaitSeconds"/>, then ask again.</summary>
    Wait,

    /// <summary>Do not send: the call fails on the client with the given code and message.</summary>
    Refuse,
}

public readonly record struct LimiterDecision(LimiterAction Action, double WaitSeconds = 0, string? RefusalCode = null, string? RefusalMessage = null)
{
    public static LimiterDecision Send { get; } = new(LimiterAction.Send);

    public static LimiterDecision WaitFor(double seconds) => new(LimiterAction.Wait, seconds);

    public static LimiterDecision Refuse(string code, string message) => new(LimiterAction.Refuse, 0, code, message);
}

/// <summary>Why a retry strategy stopped or went on after a failed attempt.</summary>
public enum RetryReason
{
    /// <summary>Retrying a throttling error.</summary>
    Throttling,

    /// <summary>Retrying a transient error (5xx, timeout, connection).</summary>
    Transient,

    /// <summary>The error is not one the SDK retries.</summary>
    NotRetryable,

    /// <summary>The attempt budget is spent.</summary>
    MaxAttempts,

    /// <summary>The client's retry quota (retry token bucket) is empty.</summary>
    QuotaExhausted,
}

/// <summary>
/// The decision after a failed attempt: retry after <see cref="DelaySeconds"/>, or stop. When the
/// call stops, <see cref="FinalMessage"/> is the message the application's exception carries
/// when the SDK rewrites it (null: the last error's own message).
/// </summary>
public readonly record struct RetryDecision(bool Retry, double DelaySeconds, RetryReason Reason, string? FinalMessage = null)
{
    /// <summary>Stands for the operation name (e.g. Converse) in <see cref="FinalMessage"/>.</summary>
    public const string OperationPlaceholder = "{operation}";

    /// <summary>Stands for the service's own error message in <see cref="FinalMessage"/>.</summary>
    public const string MessagePlaceholder = "{message}";

    /// <summary>The message the application sees: <see cref="FinalMessage"/> with its placeholders filled in, or null to keep the error's own.</summary>
    public string? Render(string operation, string message)
        => FinalMessage?.Replace(OperationPlaceholder, operation, StringComparison.Ordinal).Replace(MessagePlaceholder, message, StringComparison.Ordinal);

    public static RetryDecision After(double delaySeconds, RetryReason reason) => new(true, delaySeconds, reason);

    public static RetryDecision Stop(RetryReason reason, string? finalMessage = null) => new(false, 0, reason, finalMessage);
}
