using LoadTest.Core.Models;
using LoadTest.Core.Quotas;
using LoadTest.Results;
using LoadTest.Scenarios.Engine;
using LoadTest.Scenarios.Measurement;

namespace LoadTest.Scenarios.Tests;

/// <summary>The per-workload reservation figure: each consumed request's reservation by the target's rule, summed per group.</summary>
public sealed class ReservationFigureTests
{
    private const string Haiku = "global.anthropic.claude-haiku-4-5-20251001-v1:0"; // 64,000 max output, burndown 5

    private static RequestRecord Ok(int maxTokens) => new()
    {
        Workload = "chat", Model = Haiku, Outcome = Outcomes.Ok, InputTokens = 500, OutputTokens = 300, MaxTokens = maxTokens,
        QuotaTokens = 500 + (300 * 5),
    };

    [Fact]
    public void A_request_sent_without_maxTokens_reserves_the_models_maximum_output()
    {
        var models = ModelCatalog.BuiltIn;
        var aws = new RequestRecordBuilder(models, [RequestPlannerTests.Workload("chat")], ReservationPolicy.Default);
        Assert.Equal(500 + 64_000, aws.Reserved(Ok(maxTokens: 0)));
        Assert.Equal(500 + 1_000, aws.Reserved(Ok(maxTokens: 1_000)));
        Assert.Equal(0, aws.Reserved(Ok(1_000) with { Outcome = Outcomes.Throttled, QuotaTokens = 0 }));

        var legacy = new RequestRecordBuilder(models, [RequestPlannerTests.Workload("chat")], ReservationPolicy.Legacy);
        Assert.Equal(500 + (1_000 * 5), legacy.Reserved(Ok(maxTokens: 1_000)));
        Assert.Equal(500 + (4_096 * 5), legacy.Reserved(Ok(maxTokens: 0)));
    }

    [Fact]
    public void A_group_reports_reserved_and_consumed_per_request_and_their_ratio()
    {
        var builder = new RequestRecordBuilder(ModelCatalog.BuiltIn, [RequestPlannerTests.Workload("chat")], ReservationPolicy.Default);
        var group = new GroupStats();
        for (var i = 0; i < 4; i++)
        {
            group.Add(Ok(0), builder.Reserved(Ok(0)));
        }

        var throttled = Ok(0) with { Outcome = Outcomes.Throttled, QuotaTokens = 0 };
        group.Add(throttled, builder.Reserved(throttled));

        var summary = group.ToSummary(minutes: 1);
        var r = summary.Reservation!;
        Assert.Equal(64_500, r.ReservedPerRequest);
        Assert.Equal(2_000, r.ConsumedPerRequest);
        Assert.Equal(64_500 / 2_000.0, r.Ratio, 9);
        Assert.True(ReservationPressure.Throttles(summary));
    }
}
