namespace LoadTest.Core.Models;

/// <summary>USD per 1M tokens of each kind one model ID is billed at (<see cref="PriceSettings.PriceOf"/>).</summary>
public sealed record TokenPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal CacheWritePerMillion, decimal CacheReadPerMillion)
{
    private const decimal Million = 1_000_000m;

    /// <summary>What these tokens cost, in USD.</summary>
    public decimal Usd(double input, double cacheWrite, double cacheRead, double output)
        => (((decimal)input * InputPerMillion)
            + ((decimal)cacheWrite * CacheWritePerMillion)
            + ((decimal)cacheRead * CacheReadPerMillion)
            + ((decimal)output * OutputPerMillion)) / Million;

    /// <summary>Every price times <paramref name="factor"/>.</summary>
    public TokenPrice Times(decimal factor)
        => new(InputPerMillion * factor, OutputPerMillion * factor, CacheWritePerMillion * factor, CacheReadPerMillion * factor);
}
