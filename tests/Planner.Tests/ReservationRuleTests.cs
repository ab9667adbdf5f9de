using LoadTest.Core;
using LoadTest.Core.Quotas;
using LoadTest.Core.Retry;
using LoadTest.Planner.Mix;
using LoadTest.Planner.Requirements;
using LoadTest.Planner.Simulation;

namespace LoadTest.Planner.Tests;

/// <summary>
/// The planner's reservation figures and its simulation follow the same rule as the emulator's
/// admission (AWS's description by default): on a 2,000,000 TPM quota with 500 input tokens,
/// max_tokens 1,000 holds 2,000,000 / (500 + 1,000) = 1,333 requests at once, and no max_tokens on
/// a 64K-output model 2,000,000 / (500 + 64,000) = 31.
/// </summary>
public sealed class ReservationRuleTests
{
    private const string Sonnet45 = "global.anthropic.claude-sonnet-4-5-20250929-v1:0"; // 64,000 max output tokens
    private const long Tpm = 2_000_000;

    private static readonly PlanSettings NoCurves = new() { SkipCurves = true };

    private static ReservationEffect Reservation(DeclaredDemand demand, PlanSettings settings)
        => Assert.Single(PlanBuilder.FromNumbers(Sonnet45, demand, settings, null, new QuotaOverrides(Tpm: Tpm)).Models).Reservation;

    [Fact]
    public void Plan_figures_give_1333_in_flight_with_maxTokens_1000_and_31_without_maxTokens()
    {
        var withMax = Reservation(new DeclaredDemand { Rpm = 100, InputTokens = 500, OutputTokens = 400, MaxTokens = 1_000 }, NoCurves);
        Assert.Equal(500 + 1_000, withMax.ReservedTokensPerRequest);
        Assert.Equal(2_000_000 / (500 + 1_000), withMax.InFlightCapacity);
        Assert.Equal(1_333, withMax.InFlightCapacity);

        var unset = Reservation(new DeclaredDemand { Rpm = 100, InputTokens = 500, OutputTokens = 400, MaxTokensUnset = true }, NoCurves);
        Assert.Equal(500 + 64_000, unset.ReservedTokensPerRequest);
        Assert.Equal(2_000_000 / (500 + 64_000), unset.InFlightCapacity);
        Assert.Equal(31, unset.InFlightCapacity);
    }

    [Fact]
    public void The_legacy_rule_gives_its_old_planner_figures()
    {
        var legacy = NoCurves with { Reservation = ReservationPolicy.Legacy };

        // max_tokens x burndown 5: 500 + 5,000 reserved; 2,000,000 / 5,500 = 363.
        var withMax = Reservation(new DeclaredDemand { Rpm = 100, InputTokens = 500, OutputTokens = 400, MaxTokens = 1_000 }, legacy);
        Assert.Equal(500 + (1_000 * 5), withMax.ReservedTokensPerRequest);
        Assert.Equal(363, withMax.InFlightCapacity);

        // Unset: the fixed 4,096 x 5 = 20,480; 2,000,000 / 20,980 = 95.
        var unset = Reservation(new DeclaredDemand { Rpm = 100, InputTokens = 500, OutputTokens = 400, MaxTokensUnset = true }, legacy);
        Assert.Equal(500 + (4_096 * 5), unset.ReservedTokensPerRequest);
        Assert.Equal(95, unset.InFlightCapacity);
    }

    [Theory]
    [InlineData(1_000, 1_333)]
    [InlineData(64_000, 31)]
    public void The_simulation_admits_the_same_number_at_once(long maxTokens, int admitted)
    {
        // 2,000 requests at the same instant on simulated time, none completing (600 s each), no retries.
        var settings = new SimulationSettings { Retry = new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.None, MaxAttempts: 1), Seed = 1 };
        var shape = new RequestShape(500, 0, 400, maxTokens, 600);
        var sim = new ThrottleSimulator(QuotaLimits.Of(Tpm, null), 5, [shape], 600, settings);
        var replay = sim.Replay(Enumerable.Repeat(new ReplayArrival(0, shape), 2_000).ToArray(), multiplier: 1, durationSeconds: 60);
        Assert.Equal(admitted, replay.Throttled.Count(t => !t));
    }

    [Fact]
    public void Progressive_release_lets_more_requests_in_than_holding_until_completion()
    {
        // One request a second of 500 input, max_tokens 10,000, 100 output tokens, each held 60 s,
        // on 200,000 TPM: held whole, 60 x 10,500 = 630,000 tokens would be needed at once; with the
        // unused 9,900 released halfway, about half of that.
        RequestShape[] mix = [new RequestShape(500, 0, 100, 10_000, 60)];
        var quota = QuotaLimits.Of(200_000, null);
        var retry = new RetryProfileSettings(SdkFamily.Dotnet, RetryMode.None, MaxAttempts: 1);
        var progressive = new ThrottleSimulator(quota, 5, mix, 60, new SimulationSettings { Retry = retry });
        var atCompletion = new ThrottleSimulator(quota, 5, mix, 60, new SimulationSettings { Retry = retry, Reservation = ReservationPolicy.Default with { Release = ReservationRelease.AtCompletion } });
        var p = progressive.Simulate(60, 1, 600, 6_000);
        var c = atCompletion.Simulate(60, 1, 600, 6_000);
        Assert.True(p.ThrottleRate < c.ThrottleRate, $"progressive {p.ThrottleRate:P1} vs at completion {c.ThrottleRate:P1}");
    }
}
