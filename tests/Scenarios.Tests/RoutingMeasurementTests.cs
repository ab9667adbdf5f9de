using LoadTest.Core.Models;
using LoadTest.Scenarios.Measurement;
using LoadTest.Results;

namespace LoadTest.Scenarios.Tests;

/// <summary>Served Regions, spill-over, 503s and cost: derived once by the recorder from known rows.</summary>
public sealed class RoutingMeasurementTests
{
    private static RequestRecord Ok(long id, string region, double ttftMs) => new()
    {
        Id = id,
        Workload = "chat",
        Model = "apac.m",
        Outcome = Outcomes.Ok,
        StartedMs = 0,
        FirstTokenMs = ttftMs,
        EndedMs = ttftMs + 100,
        Attempts = 1,
        InputTokens = 1000,
        OutputTokens = 200,
        CacheReadTokens = 1000,
        CacheWriteTokens = 400,
        QuotaTokens = 2400,
        InferenceRegion = region,
    };

    private static RunSummary Measure(IReadOnlyDictionary<string, TokenPrice>? prices)
    {
        var recorder = new RunRecorder(new DiscardLog());

        // Six served in the source Region at 100 ms, two spilled to ap-northeast-1 at 400 ms, two refused with 503.
        for (var i = 0; i < 6; i++)
        {
            recorder.Complete(Ok(i, "ap-south-1", 100));
        }

        recorder.Complete(Ok(6, "ap-northeast-1", 400));
        recorder.Complete(Ok(7, "ap-northeast-1", 400));
        for (var i = 8; i < 10; i++)
        {
            recorder.Complete(new RequestRecord { Id = i, Workload = "chat", Model = "apac.m", Outcome = Outcomes.Unavailable, ErrorCode = "ServiceUnavailableException", HttpStatus = 503, StartedMs = 0, EndedMs = 5, Attempts = 1 });
        }

        var settings = new RunSettings { Region = "ap-south-1", Prices = prices };
        return recorder.BuildSummary(new SummaryContext { Scenario = "t", Stop = RunStop.Completed, DurationSeconds = 60, LoadSeconds = 60, Settings = settings });
    }

    [Fact]
    public void Spill_over_is_the_share_served_outside_the_source_Region_and_503s_the_share_of_sent()
    {
        var routing = Measure(null).Routing!;

        Assert.Equal("ap-south-1", routing.SourceRegion);
        Assert.Equal(8, routing.Served);
        Assert.Equal(2, routing.SpilledOver);
        Assert.Equal(0.25, routing.SpillOverShare);
        Assert.Equal(2, routing.Unavailable);
        Assert.Equal(0.2, routing.UnavailableShare);
        Assert.Equal(["ap-south-1", "ap-northeast-1"], routing.Regions.Select(r => r.Region));
        Assert.Equal([0.75, 0.25], routing.Regions.Select(r => r.Share));
        Assert.Equal(100, routing.Regions[0].TtftMs.P95, 0);
        Assert.Equal(400, routing.Regions[1].TtftMs.P50, 0);
    }

    [Fact]
    public void Cost_prices_every_token_kind_of_the_consumed_requests_and_is_absent_without_prices()
    {
        // Per request: 1,000 in x $1.10 + 400 cache write x $1.375 + 1,000 cache read x $0.11 + 200 out x $5.50 per 1M = $0.00286.
        var geo = new TokenPrice(1m, 5m, 1.25m, 0.1m).Times(1.1m);
        var cost = Measure(new Dictionary<string, TokenPrice> { ["apac.m"] = geo }).Cost!;

        Assert.Equal(0.00286m, cost.UsdPerRequest);
        Assert.Equal(8 * 0.00286m, cost.Usd);
        Assert.Equal(8 * 0.00286m, cost.ByModel["apac.m"]);
        Assert.Null(Measure(null).Cost);
    }

    private sealed class DiscardLog : IRequestLog
    {
        public void Write(RequestRecord record)
        {
        }
    }
}
