using LoadTest.Core.Quotas;

namespace LoadTest.Core.Tests;

public sealed class QuotaMathTests
{
    [Fact]
    public void Worked_example_costs_35000_quota_tokens_and_100_rpm_needs_3_5M_tpm()
    {
        var perRequest = QuotaCost.Consumed(inputTokens: 10_000, cacheWriteTokens: 0, outputTokens: 5_000, burndown: 5);
        Assert.Equal(35_000, perRequest);
        Assert.Equal(3_500_000, perRequest * 100);
        Assert.Equal(37_000, QuotaCost.Consumed(10_000, 2_000, 5_000, 5));
    }

    [Fact]
    public void Reservation_follows_the_policy()
    {
        Assert.Equal(1_000 + 4_096, QuotaCost.Reserved(1_000, 0, 4_096, 5, ReservationPolicy.Default));
        Assert.Equal(1_000 + (4_096 * 5), QuotaCost.Reserved(1_000, 0, 4_096, 5, ReservationPolicy.Legacy));
        Assert.Equal(1_000 + (4_096 * 5), QuotaCost.Reserved(1_000, 0, 4_096, 5, new ReservationPolicy(BurndownOnMaxTokens: true)));
        Assert.Equal(1_200, QuotaCost.Reserved(1_000, 200, 4_096, 5, new ReservationPolicy(ReserveMaxTokens: false)));
    }

    [Fact]
    public void Progressive_release_returns_the_unused_reservation_in_step_with_the_output()
    {
        // 500 input + 100 cache write + maxTokens 1,000 reserved; the answer is 400 tokens, so 600 go unused.
        var reserved = QuotaCost.Reserved(500, 100, 1_000, 5, ReservationPolicy.Default);
        Assert.Equal(1_600, reserved);
        Assert.Equal(0, QuotaCost.Released(reserved, 500, 100, 400, 0, ReservationPolicy.Default));
        Assert.Equal(600 * 100 / 400, QuotaCost.Released(reserved, 500, 100, 400, 100, ReservationPolicy.Default));
        Assert.Equal(300, QuotaCost.Released(reserved, 500, 100, 400, 200, ReservationPolicy.Default));
        Assert.Equal(600, QuotaCost.Released(reserved, 500, 100, 400, 400, ReservationPolicy.Default));

        // Held until completion under the other setting, and nothing to release when nothing is over-reserved.
        Assert.Equal(0, QuotaCost.Released(reserved, 500, 100, 400, 200, ReservationPolicy.Default with { Release = ReservationRelease.AtCompletion }));
        Assert.Equal(0, QuotaCost.Released(600, 500, 100, 400, 200, new ReservationPolicy(ReserveMaxTokens: false)));
    }

    [Fact]
    public void An_unset_maxTokens_is_the_models_maximum_output_unless_a_default_is_set()
    {
        Assert.Equal(64_000, ReservationPolicy.Default.MaxTokensFor(null, 64_000));
        Assert.Equal(128_000, ReservationPolicy.Default.MaxTokensFor(null, 128_000));
        Assert.Equal(1_000, ReservationPolicy.Default.MaxTokensFor(1_000, 64_000));
        Assert.Equal(4_096, ReservationPolicy.Legacy.MaxTokensFor(null, 64_000));
        Assert.Equal(2_000, (ReservationPolicy.Default with { DefaultMaxTokens = 8_192 }).MaxTokensFor(null, 2_000));
    }

    [Fact]
    public void Reservation_words_parse_and_unknown_ones_do_not()
    {
        Assert.Equal(ReservationRelease.AtCompletion, ReservationPolicy.ParseRelease("atCompletion"));
        Assert.Equal(ReservationRelease.Progressive, ReservationPolicy.ParseRelease("progressive"));
        Assert.Null(ReservationPolicy.ParseRelease("sometimes"));
        Assert.Same(ReservationPolicy.Legacy, ReservationPolicy.ParseRule("legacy"));
        Assert.Null(ReservationPolicy.ParseRule("aws2"));
        Assert.True(ReservationPolicy.TryParseDefaultMaxTokens("model-max", out var max));
        Assert.Null(max);
        Assert.True(ReservationPolicy.TryParseDefaultMaxTokens("4_096", out max));
        Assert.Equal(4_096, max);
        Assert.False(ReservationPolicy.TryParseDefaultMaxTokens("0", out _));
        Assert.False(ReservationPolicy.TryParseDefaultMaxTokens("lots", out _));
    }

    [Theory]
    [InlineData("global.anthropic.claude-sonnet-4-5-20250929-v1:0", 5)]
    [InlineData("anthropic.claude-haiku-4-5-20251001-v1:0", 5)]
    [InlineData("global.anthropic.claude-opus-4-6-v1", 5)]
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0", 5)]
    [InlineData("anthropic.claude-3-5-sonnet-20240620-v1:0", 1)]
    [InlineData("amazon.nova-pro-v1:0", 1)]
    public void Burndown_is_five_for_claude_3_7_and_later(string id, int expected)
        => Assert.Equal(expected, BurndownRate.For(id));

    [Fact]
    public void Bucket_starts_full_refills_continuously_and_caps_at_capacity()
    {
        var bucket = new QuotaBucket(600, TimeSpan.FromMinutes(1));
        Assert.True(bucket.TryTake(600, 0));
        Assert.False(bucket.TryTake(1, 0));
        Assert.Equal(10, bucket.Available(1), precision: 6);   // 600 per minute = 10 per second
        Assert.Equal(600, bucket.Available(3600), precision: 6); // never above capacity
    }

    [Fact]
    public void Settlement_returns_over_reservation_and_charges_shortfall()
    {
        var bucket = new QuotaBucket(1_000, TimeSpan.FromMinutes(1));
        Assert.True(bucket.TryTake(800, 0));
        bucket.Settle(reserved: 800, actual: 300, nowSeconds: 0);
        Assert.Equal(700, bucket.Available(0), precision: 6);
        bucket.Settle(reserved: 0, actual: 900, nowSeconds: 0);
        Assert.Equal(-200, bucket.Available(0), precision: 6);
    }

    [Fact]
    public void Profile_refuses_on_rpm_before_tokens_and_takes_nothing_when_refusing()
    {
        var quota = new ProfileQuota(QuotaLimits.Of(tokensPerMinute: 10_000, requestsPerMinute: 2));
        Assert.Equal(QuotaDecision.Admitted, quota.TryAdmit(100, 0));
        Assert.Equal(QuotaDecision.Admitted, quota.TryAdmit(100, 0));
        Assert.Equal(QuotaDecision.TooManyRequests, quota.TryAdmit(100, 0));
        Assert.Equal(9_800, quota.TokensAvailable(0)!.Value, precision: 6);

        var tokens = new ProfileQuota(QuotaLimits.Of(tokensPerMinute: 1_000, requestsPerMinute: 100));
        Assert.Equal(QuotaDecision.TooManyTokens, tokens.TryAdmit(1_001, 0));
        Assert.Equal(1_000, tokens.TokensAvailable(0)!.Value, precision: 6);
    }

    [Fact]
    public void Tokens_per_day_defaults_to_tpm_times_1440_and_limits_a_long_day()
    {
        Assert.Equal(1_440_000, QuotaLimits.Of(1_000, null).TokensPerDay);
        var quota = new ProfileQuota(new QuotaLimits(TokensPerMinute: 1_000, RequestsPerMinute: null, TokensPerDay: 1_500));
        Assert.Equal(QuotaDecision.Admitted, quota.TryAdmit(1_000, 0));
        Assert.Equal(QuotaDecision.TooManyTokens, quota.TryAdmit(1_000, 60)); // TPM refilled, TPD not
    }
}
