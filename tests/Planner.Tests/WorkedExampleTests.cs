using LoadTest.Planner;
using LoadTest.Planner.Requirements;

namespace LoadTest.Planner.Tests;

public sealed class WorkedExampleTests
{
    private const string Sonnet45 = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private static readonly PlanSettings NoCurves = new() { SkipCurves = true };

    [Fact]
    public void Ten_thousand_in_and_five_thousand_out_at_100_rpm_needs_3_5_million_tpm()
    {
        var plan = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000 }, NoCurves);

        var m = Assert.Single(plan.Models);
        Assert.Equal(5, m.Burndown);
        Assert.Equal(35_000, m.PerRequest.QuotaTokens);
        Assert.Equal(100, m.Required.Rpm);
        Assert.Equal(3_500_000, m.Required.Tpm);
        Assert.Equal(3_500_000L * 1440, m.Required.Tpd);

        // Defaults (multiplier 1, growth 1, utilization 1) give plain arithmetic.
        Assert.Equal(m.Required, m.Recommended);
    }

    [Fact]
    public void Two_thousand_cache_write_tokens_raise_it_to_3_7_million_tpm()
    {
        var plan = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000, CacheWriteTokens = 2_000 }, NoCurves);

        var m = Assert.Single(plan.Models);
        Assert.Equal(37_000, m.PerRequest.QuotaTokens);
        Assert.Equal(3_700_000, m.Required.Tpm);
    }

    [Fact]
    public void Cache_read_tokens_do_not_count_against_the_quota()
    {
        var plan = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000, CacheReadTokens = 50_000 }, NoCurves);

        Assert.Equal(3_500_000, plan.Models[0].Required.Tpm);
    }

    [Fact]
    public void Burndown_one_models_count_output_once()
    {
        var plan = PlanBuilder.FromNumbers("amazon.nova-pro-v1:0", new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000 }, NoCurves);

        Assert.Equal(1_500_000, plan.Models[0].Required.Tpm);
    }

    [Fact]
    public void Peak_growth_and_utilization_scale_and_round_up_the_recommendation()
    {
        var settings = NoCurves with { PeakMultiplier = 4, Growth = 1.5, TargetUtilization = 0.8 };
        var plan = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000 }, settings);

        var m = plan.Models[0];
        Assert.Equal(600, m.PeakRpm, 6);
        Assert.Equal(21_000_000, m.Required.Tpm);

        // 21,000,000 / 0.8 = 26,250,000 -> two significant figures, rounded up.
        Assert.Equal(27_000_000, m.Recommended.Tpm);
        Assert.Equal(750, m.Recommended.Rpm);
    }

    [Fact]
    public void Tokens_per_day_follow_the_daily_shape()
    {
        var flat = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000 }, NoCurves with { DailyShape = new DailyShape { AverageToPeak = 0.5 } });
        Assert.Equal(3_500_000L * 1440 / 2, flat.Models[0].Required.Tpd);

        // A profile whose peak hour is 4 and the other 23 hours are 1: average/peak = (4 + 23) / 24 / 4.
        var hours = Enumerable.Repeat(1.0, 24).ToArray();
        hours[19] = 4;
        var shaped = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000 }, NoCurves with { DailyShape = new DailyShape { HourlyProfile = hours } });
        Assert.Equal(1_417_500_000, shaped.Models[0].Required.Tpd);
    }

    [Fact]
    public void Max_tokens_reservation_is_shown_apart_from_consumption()
    {
        var plan = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000, MaxTokens = 8_000 }, NoCurves);

        // AWS's rule: 10,000 + max_tokens 8,000 without burndown = 18,000, below the 35,000 consumed.
        var m = plan.Models[0];
        Assert.Equal(3_500_000, m.Required.Tpm);
        Assert.Equal(18_000, m.PerRequest.ReservedTokens);
        Assert.Equal(1_800_000, m.Reservation.ReservedTpm);
        Assert.Equal(0, m.Reservation.HeldTokens);

        // The legacy rule: 10,000 + 8,000 x 5 = 50,000, above it.
        var legacy = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000, MaxTokens = 8_000 }, NoCurves with { Reservation = LoadTest.Core.Quotas.ReservationPolicy.Legacy }).Models[0];
        Assert.Equal(3_500_000, legacy.Required.Tpm);
        Assert.Equal(50_000, legacy.PerRequest.ReservedTokens);
        Assert.Equal(5_000_000, legacy.Reservation.ReservedTpm);
        Assert.True(legacy.Reservation.HeldTokens > 0);
    }

    [Fact]
    public void Gap_compares_the_recommendation_with_the_current_quota()
    {
        var plan = PlanBuilder.FromNumbers(
            Sonnet45,
            new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000 },
            NoCurves,
            overrides: new QuotaOverrides(Tpm: 2_000_000, Rpm: 2_000));

        var m = plan.Models[0];
        Assert.Equal(2_000_000, m.Current!.Tpm);
        Assert.Equal(1_500_000, m.Gap!.Tpm);
        Assert.Equal(-1_900, m.Gap.Rpm);
        Assert.True(m.NeedsIncrease);
    }

    [Fact]
    public void Cost_uses_the_model_prices_with_geographic_ten_percent_above_global()
    {
        var plan = PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 100, InputTokens = 10_000, OutputTokens = 5_000, CacheWriteTokens = 2_000 }, NoCurves);

        // 10,000 x $3 + 2,000 x $3 x 1.25 + 5,000 x $15, per million = $0.1125 per request; 6,000 requests an hour.
        var cost = plan.Models[0].Cost;
        Assert.Equal(0.1125m, cost.PerRequestUsd);
        Assert.Equal(675m, cost.Global.Hour);
        Assert.Equal(675m * 24, cost.Global.Day);
        Assert.Equal(675m * 24 * 30, cost.Global.Month);
        Assert.Equal(742.5m, cost.Geographic.Hour);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7.2, 8)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(125, 130)]
    [InlineData(3_500_000, 3_500_000)]
    [InlineData(3_512_000, 3_600_000)]
    [InlineData(4_375_000, 4_400_000)]
    [InlineData(5_040_000_000, 5_100_000_000)]
    public void Recommended_values_round_up_to_two_significant_figures(double value, long expected)
        => Assert.Equal(expected, QuotaRounding.NiceCeiling(value));

    [Fact]
    public void Bad_numbers_are_refused_with_a_message()
    {
        var e = Assert.Throws<LoadTest.Core.ConfigException>(() =>
            PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 0, InputTokens = 10, OutputTokens = 10 }, NoCurves));
        Assert.Contains("--rpm", e.Message, StringComparison.Ordinal);

        Assert.Throws<LoadTest.Core.ConfigException>(() =>
            PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 10, InputTokens = 10, OutputTokens = 500, MaxTokens = 100 }, NoCurves));
        Assert.Throws<LoadTest.Core.ConfigException>(() =>
            PlanBuilder.FromNumbers(Sonnet45, new DeclaredDemand { Rpm = 10, InputTokens = 10, OutputTokens = 10 }, NoCurves with { TargetUtilization = 1.5 }));
    }
}
