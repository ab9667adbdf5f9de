namespace LoadTest.Import.Tests;

/// <summary>Quota tokens per hour of day and per calendar day, as <see cref="InvocationAggregator"/> folds them.</summary>
public sealed class AggregatorDaysTests
{
    private static readonly Dictionary<string, string> NoMetadata = [];

    private static ImportedInvocation Call(string time, string model, long input, long output, long cacheWrite = 0, long cacheRead = 0)
        => new(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), "us-east-1", null, "Converse", model, input, output, cacheRead, cacheWrite, "r", NoMetadata, null, null);

    [Fact]
    public void Quota_tokens_are_summed_per_hour_of_day_and_per_calendar_day()
    {
        // Llama burns output 1x: quota tokens = input + cache write + output (cache reads are free).
        //   2026-11-03 09:10:00  100 + 50            =   150   hour 9
        //   2026-11-03 09:40:00  200 + 100           =   300   hour 9
        //   2026-11-03 17:05:00  1,000               = 1,000   hour 17
        //   2026-11-04 09:00:30  50 + 100 cw + 50    =   200   hour 9
        //   2026-11-04 23:59:59  10 + 10 (1,000 cr)  =    20   hour 23
        // Hours: 9 -> 150 + 300 + 200 = 650; 17 -> 1,000; 23 -> 20.
        // Days: 11-03 -> 3 requests, 1,450; 11-04 -> 2 requests, 220. Busiest: 11-03.
        var aggregator = new InvocationAggregator();
        aggregator.Add(Call("2026-11-04T23:59:59Z", Records.Llama, 10, 10, cacheRead: 1000));
        aggregator.Add(Call("2026-11-03T09:40:00Z", Records.Llama, 200, 100));
        aggregator.Add(Call("2026-11-04T09:00:30Z", Records.Llama, 50, 50, cacheWrite: 100));
        aggregator.Add(Call("2026-11-03T17:05:00Z", Records.Llama, 1000, 0));
        aggregator.Add(Call("2026-11-03T09:10:00Z", Records.Llama, 100, 50));

        var llama = Assert.Single(aggregator.Models());

        var hours = new long[24];
        hours[9] = 650;
        hours[17] = 1000;
        hours[23] = 20;
        Assert.Equal(hours, llama.HourlyQuotaTokens);
        Assert.Equal(
            [new DayLoad(new DateOnly(2026, 11, 3), 3, 1450), new DayLoad(new DateOnly(2026, 11, 4), 2, 220)],
            llama.Days);
        Assert.Equal(new DayLoad(new DateOnly(2026, 11, 3), 3, 1450), llama.BusiestDay);
        Assert.Equal(llama.QuotaTokens, llama.Days.Sum(d => d.QuotaTokens));
        Assert.Equal(llama.QuotaTokens, llama.HourlyQuotaTokens.Sum());
    }

    [Fact]
    public void Days_follow_utc_whatever_the_record_offset_and_the_earliest_day_wins_a_tie()
    {
        // Sonnet burns output 5x: 10 + 2 x 5 = 20 on each day. The second record is written with
        // an offset: 2026-11-05T01:30+05:00 is 2026-11-04T20:30 UTC, so it counts on 11-04, hour 20.
        var aggregator = new InvocationAggregator();
        aggregator.Add(Call("2026-11-05T01:30:00+05:00", Records.Sonnet, 10, 2));
        aggregator.Add(Call("2026-11-03T10:00:00Z", Records.Sonnet, 20, 0));

        var sonnet = Assert.Single(aggregator.Models());

        Assert.Equal([new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 4)], sonnet.Days.Select(d => d.Day));
        Assert.Equal(new DayLoad(new DateOnly(2026, 11, 3), 1, 20), sonnet.BusiestDay);
        Assert.Equal(20, sonnet.HourlyQuotaTokens[20]);
        Assert.Equal(20, sonnet.HourlyQuotaTokens[10]);
    }
}
