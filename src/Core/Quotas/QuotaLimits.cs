namespace LoadTest.Core.Quotas;

/// <summary>
/// The quotas of one inference profile. Tokens are quota tokens (burndown applied). A null
/// limit is not enforced. Tokens per day defaults to tokens per minute x 1440 when not given.
/// </summary>
public sealed record QuotaLimits(long? TokensPerMinute, long? RequestsPerMinute, long? TokensPerDay)
{
    public static QuotaLimits Unlimited { get; } = new(null, null, null);

    public static QuotaLimits Of(long? tokensPerMinute, long? requestsPerMinute, long? tokensPerDay = null)
        => new(tokensPerMinute, requestsPerMinute, tokensPerDay ?? tokensPerMinute * 1440);
}
