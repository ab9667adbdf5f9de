namespace LoadTest.Core.Quotas;

/// <summary>Why a request was or was not admitted against a profile's quotas.</summary>
public enum QuotaDecision
{
    Admitted,
    /// <summary>Tokens-per-minute or tokens-per-day exhausted: "Too many tokens, please wait before trying again."</summary>
    TooManyTokens,
    /// <summary>Requests-per-minute exhausted: "Too many requests, please wait before trying again."</summary>
    TooManyRequests,
}
