namespace LoadTest.Core;

/// <summary>The AWS SDK retry mode the client under test uses.</summary>
public enum RetryMode
{
    /// <summary>One attempt, no retries.</summary>
    None,
    /// <summary>The SDK's standard mode: exponential backoff with jitter, a retry quota per endpoint.</summary>
    Standard,
    /// <summary>The SDK's adaptive mode: standard plus a client-side rate limiter that slows on throttles.</summary>
    Adaptive,
}
